"use client";

import { useEffect, useState } from "react";
import { Button } from "./button";

/** Copies `text`; the result is announced through a live region next to the button. */
export function CopyButton({ text, label = "Copy" }: { text: string; label?: string }) {
  const [state, setState] = useState<"idle" | "copied" | "failed">("idle");

  useEffect(() => {
    if (state === "idle") return;
    const timer = setTimeout(() => setState("idle"), 2000);
    return () => clearTimeout(timer);
  }, [state]);

  async function copy() {
    try {
      await navigator.clipboard.writeText(text);
      setState("copied");
    } catch {
      // Clipboard access is refused on insecure origins and in some embedded browsers.
      setState("failed");
    }
  }

  return (
    <span className="inline-flex items-center gap-2">
      <Button variant="secondary" size="sm" onClick={() => void copy()}>
        {label}
      </Button>
      <span role="status" className="text-xs text-slate-500">
        {state === "copied" ? "Copied" : state === "failed" ? "Copy failed, select the text instead" : ""}
      </span>
    </span>
  );
}
