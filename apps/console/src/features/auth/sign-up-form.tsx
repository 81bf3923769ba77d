"use client";

import Link from "next/link";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { TextField } from "@/components/ui/field";
import { authClient } from "@/lib/auth-client";
import { useAuthForm } from "./use-auth-form";

export function SignUpForm() {
  const { submit, error, busy, linkTo } = useAuthForm({
    send: (form) => authClient.signUp.email({ name: String(form.get("name")), email: String(form.get("email")), password: String(form.get("password")) }),
    afterwards: "/onboarding",
    failure: (refusal) => refusal.message ?? "Could not create the account.",
  });

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
        <Link href={linkTo("/sign-in")} className="font-medium text-brand-700 underline-offset-2 hover:underline">
          Sign in
        </Link>
      </p>
    </form>
  );
}
