"use client";

import Link from "next/link";
import { useState } from "react";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { TextField } from "@/components/ui/field";
import { authClient } from "@/lib/auth-client";
import { LocalMailHint } from "./local-mail-hint";
import { useAuthForm } from "./use-auth-form";

/**
 * Sign-up never signs in: the account counts once its owner opens the link mailed to the address,
 * which signs them in and goes on to ?next= (or onboarding). The answer is the same whether the
 * address already had an account (its owner gets a note instead), so it says nothing about that.
 */
export function SignUpForm({ localMail }: { localMail: boolean }) {
  const [sentTo, setSentTo] = useState<string | null>(null);
  const { submit, error, busy, linkTo } = useAuthForm({
    send: (form, next) => authClient.signUp.email({ name: String(form.get("name")), email: String(form.get("email")), password: String(form.get("password")), callbackURL: next }),
    afterwards: "/onboarding",
    failure: (refusal) => refusal.message ?? "Could not create the account.",
    done: (form) => setSentTo(String(form.get("email"))),
  });

  if (sentTo !== null) {
    return (
      <div className="space-y-4">
        <h1 className="text-xl font-semibold">Check your email</h1>
        <Alert tone="success" title="Confirm your address">
          We sent a link to <strong>{sentTo}</strong>. Open it to confirm the address and sign in.
        </Alert>
        <LocalMailHint localMail={localMail} />
      </div>
    );
  }
  return (
    <form onSubmit={(event) => void submit(event)} className="space-y-4">
      <h1 className="text-xl font-semibold">Create your account</h1>
      {error && <Alert tone="error">{error}</Alert>}
      <TextField label="Name" name="name" autoComplete="name" required />
      <TextField label="Email" name="email" type="email" autoComplete="email" required />
      <TextField label="Password" name="password" type="password" autoComplete="new-password" minLength={10} required hint="At least 10 characters." />
      <Button type="submit" busy={busy} className="w-full">
        Sign up
      </Button>
      <p className="text-center text-sm text-slate-500">
        Already have an account?{" "}
        <Link href={linkTo("/sign-in")} className="font-medium text-brand-700 underline-offset-2 hover:underline">
          Sign in
        </Link>
      </p>
    </form>
  );
}
