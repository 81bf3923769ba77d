"use client";

import { useSearchParams } from "next/navigation";
import { useEffect, useRef, useState, type FormEvent } from "react";
import { formatUserCode, normalizeUserCode } from "@freshet/control-plane/device-user-code";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { TextField } from "@/components/ui/field";
import { useSessionGuard } from "../shell/use-session-guard";

type Step = { kind: "enter" } | { kind: "review"; userCode: string } | { kind: "done"; approved: boolean };

/** better-auth's device endpoints answer errors as { error, error_description } (RFC 8628) or { message }. */
async function deviceCall(path: string, init?: RequestInit): Promise<Record<string, unknown>> {
  const response = await fetch(`/api/auth${path}`, { ...init, headers: { "content-type": "application/json" }, cache: "no-store" });
  const body = (await response.json().catch(() => ({}))) as Record<string, unknown>;
  if (!response.ok) {
    const description = body.error_description ?? body.message;
    throw new Error(typeof description === "string" ? description : `The request failed (${response.status}).`);
  }
  return body;
}

/**
 * /device: where `freshet cloud login --device` sends a person. The link it prints carries the
 * code, which is looked up at once; otherwise they type the code their terminal shows. They
 * compare it (shown as the CLI shows it), then approve or deny; approving lets that terminal
 * act as them.
 */
export function DeviceApproval() {
  const { me, redirecting } = useSessionGuard({ requireOrganization: false });
  // The CLI prints a link with the code in it.
  const linkCode = useSearchParams().get("user_code");
  const [code, setCode] = useState(linkCode === null ? "" : formatUserCode(linkCode));
  const [step, setStep] = useState<Step>({ kind: "enter" });
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  async function run(action: () => Promise<void>) {
    setBusy(true);
    setError(null);
    try {
      await action();
    } catch (cause) {
      setError(cause instanceof Error ? cause.message : String(cause));
    } finally {
      setBusy(false);
    }
  }

  function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    lookUp(code);
  }

  function lookUp(typed: string) {
    // People type it as the CLI shows it (ABCD-EFGH), in any case.
    const userCode = normalizeUserCode(typed);
    void run(async () => {
      // Looking the code up while signed in also claims it for this person: only they can approve it.
      const request = await deviceCall(`/device?user_code=${encodeURIComponent(userCode)}`);
      if (request.status !== "pending") throw new Error("This code was already used. Run `freshet cloud login --device` again for a new one.");
      setStep({ kind: "review", userCode });
    });
  }

  // A code from the link needs no click: it is looked up once the person is signed in.
  const linkLookedUp = useRef(false);
  const signedIn = me.data !== undefined && !redirecting;
  useEffect(() => {
    if (!signedIn || linkCode === null || linkLookedUp.current) return;
    linkLookedUp.current = true;
    lookUp(linkCode);
  });

  function answer(userCode: string, approve: boolean) {
    void run(async () => {
      await deviceCall(approve ? "/device/approve" : "/device/deny", { method: "POST", body: JSON.stringify({ userCode }) });
      setStep({ kind: "done", approved: approve });
    });
  }

  if (me.isPending || redirecting || !me.data)
    return (
      <p role="status" className="text-sm text-slate-500">
        Loading…
      </p>
    );
  return (
    <div className="space-y-4">
      <h1 className="text-xl font-semibold">Connect the Freshet CLI</h1>
      {error && <Alert tone="error">{error}</Alert>}
      {step.kind === "enter" && (
        <form onSubmit={submit} className="space-y-4" aria-label="Enter the code">
          <p className="text-sm text-slate-500">
            Enter the code that <code className="font-mono">freshet cloud login --device</code> shows in your terminal.
          </p>
          <TextField label="Code" name="code" value={code} onChange={(event) => setCode(event.target.value)} required autoComplete="off" className="font-mono uppercase" />
          <Button type="submit" busy={busy} className="w-full">
            Continue
          </Button>
        </form>
      )}
      {step.kind === "review" && (
        <div className="space-y-4">
          <p className="text-sm text-slate-700">
            The Freshet CLI asks to act as <strong>{me.data.user.email}</strong> in all your organizations. Approve only if you just ran <code className="font-mono">freshet cloud login --device</code>{" "}
            and it shows{" "}
            <code className="font-mono font-semibold" data-testid="device-code">
              {formatUserCode(step.userCode)}
            </code>
            .
          </p>
          <div className="flex gap-3">
            <Button busy={busy} onClick={() => answer(step.userCode, true)} className="flex-1">
              Approve
            </Button>
            <Button variant="secondary" disabled={busy} onClick={() => answer(step.userCode, false)} className="flex-1">
              Deny
            </Button>
          </div>
        </div>
      )}
      {step.kind === "done" && (
        <Alert tone={step.approved ? "success" : "info"}>{step.approved ? "The CLI is logged in. You can close this tab." : "Denied: the CLI was not given access and says so."}</Alert>
      )}
    </div>
  );
}
