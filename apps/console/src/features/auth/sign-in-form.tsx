"use client";

import Link from "next/link";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { TextField } from "@/components/ui/field";
import { authClient } from "@/lib/auth-client";
import { LocalMailHint } from "./local-mail-hint";
import { useAuthForm } from "./use-auth-form";

export function SignInForm({ localMail }: { localMail: boolean }) {
  const { submit, error, busy, linkTo } = useAuthForm({
    send: (form, next) => authClient.signIn.email({ email: String(form.get("email")), password: String(form.get("password")), callbackURL: next }),
    afterwards: "/clusters",
    // 403: the right password for an address not confirmed yet; better-auth has just mailed a new link.
    // A 429 carries the API's own words: how long until another try is allowed.
    failure: (refusal) =>
      refusal.status === 403
        ? "Confirm your email address first: we sent a new link to it. Open it to sign in."
        : (refusal.message ?? (refusal.status === 429 ? "Too many attempts. Wait a while and try again." : "Could not sign in.")),
  });

  return (
    <form onSubmit={(event) => void submit(event)} className="space-y-4">
      <h1 className="text-xl font-semibold">Sign in</h1>
      {error && <Alert tone="error">{error}</Alert>}
      {error?.startsWith("Confirm your email") && <LocalMailHint localMail={localMail} />}
      <TextField label="Email" name="email" type="email" autoComplete="email" required />
      <TextField label="Password" name="password" type="password" autoComplete="current-password" required />
      <Button type="submit" busy={busy} className="w-full">
        Sign in
      </Button>
      <p className="text-center text-sm text-slate-500">
        New to Freshet?{" "}
        <Link href={linkTo("/sign-up")} className="font-medium text-brand-700 underline-offset-2 hover:underline">
          Create an account
        </Link>
      </p>
    </form>
  );
}
