"use client";

import type { Route } from "next";
import Link from "next/link";
import { useRouter, useSearchParams } from "next/navigation";
import { useState, type FormEvent } from "react";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { TextField } from "@/components/ui/field";
import { authClient } from "@/lib/auth-client";
import { keepingReturnPath, returnPath } from "@/lib/return-path";

export function SignInForm() {
  const router = useRouter();
  // Where to go afterwards (?next=, e.g. a CLI's device login), kept across sign-in and sign-up.
  const search = `?${useSearchParams().toString()}`;
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    setBusy(true);
    setError(null);
    const result = await authClient.signIn.email({ email: String(form.get("email")), password: String(form.get("password")) });
    setBusy(false);
    if (result.error) {
      // A 429 carries the API's own words: how long until another try is allowed.
      setError(result.error.message ?? (result.error.status === 429 ? "Too many attempts. Wait a while and try again." : "Could not sign in."));
      return;
    }
    router.push(returnPath(search, "/clusters") as Route);
  }

  return (
    <form onSubmit={submit} className="space-y-4">
      <h1 className="text-xl font-semibold">Sign in</h1>
      {error && <Alert tone="error">{error}</Alert>}
      <TextField label="Email" name="email" type="email" autoComplete="email" required />
      <TextField label="Password" name="password" type="password" autoComplete="current-password" required />
      <Button type="submit" busy={busy} className="w-full">
        Sign in
      </Button>
      <p className="text-center text-sm text-slate-500">
        New to Freshet?{" "}
        <Link href={keepingReturnPath("/sign-up", search) as Route} className="font-medium text-brand-700 underline-offset-2 hover:underline">
          Create an account
        </Link>
      </p>
    </form>
  );
}
