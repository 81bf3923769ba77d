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

export function SignUpForm() {
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
    const result = await authClient.signUp.email({
      name: String(form.get("name")),
      email: String(form.get("email")),
      password: String(form.get("password")),
    });
    setBusy(false);
    if (result.error) {
      setError(result.error.message ?? "Could not create the account.");
      return;
    }
    router.push(returnPath(search, "/onboarding") as Route);
  }

  return (
    <form onSubmit={submit} className="space-y-4">
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
        <Link href={keepingReturnPath("/sign-in", search) as Route} className="font-medium text-brand-700 underline-offset-2 hover:underline">
          Sign in
        </Link>
      </p>
    </form>
  );
}
