"use client";

import type { Route } from "next";
import { useRouter, useSearchParams } from "next/navigation";
import { useState, type FormEvent } from "react";
import { keepingReturnPath, returnPath } from "@/lib/return-path";

type AuthFailure = { readonly message?: string | undefined; readonly status: number };

/**
 * What sign-in and sign-up share: send the form to better-auth, show its refusal, then go on to
 * ?next= (e.g. a CLI's device login) or `afterwards`. `linkTo` keeps ?next= on the link to the
 * other form.
 */
export function useAuthForm(options: {
  send: (form: FormData) => Promise<{ error: AuthFailure | null }>;
  afterwards: Route;
  failure: (error: AuthFailure) => string;
}) {
  const router = useRouter();
  const search = `?${useSearchParams().toString()}`;
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    setBusy(true);
    setError(null);
    const result = await options.send(form);
    setBusy(false);
    if (result.error) {
      setError(options.failure(result.error));
      return;
    }
    router.push(returnPath(search, options.afterwards) as Route);
  }

  return { submit, error, busy, linkTo: (path: Route) => keepingReturnPath(path, search) as Route };
}
