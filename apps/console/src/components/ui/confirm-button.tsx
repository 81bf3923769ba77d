"use client";

import { useState } from "react";
import { Button } from "./button";

type ConfirmButtonProps = { label: string; confirmLabel: string; busy?: boolean; onConfirm: () => void };

/** A destructive action that asks once more in place instead of opening a modal. */
export function ConfirmButton({ label, confirmLabel, busy = false, onConfirm }: ConfirmButtonProps) {
  const [asking, setAsking] = useState(false);
  if (!asking) {
    return (
      <Button variant="ghost" size="sm" onClick={() => setAsking(true)}>
        {label}
      </Button>
    );
  }
  return (
    <span className="inline-flex gap-1">
      <Button variant="danger" size="sm" busy={busy} onClick={onConfirm} autoFocus>
        {confirmLabel}
      </Button>
      <Button variant="ghost" size="sm" onClick={() => setAsking(false)}>
        Cancel
      </Button>
    </span>
  );
}
