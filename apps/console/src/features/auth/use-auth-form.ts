"use client";

import type { Route } from "next";
import { useRouter, useSearchParams } from "next/navigation";
import { useState, type FormEvent } from "react";
import { keepingReturnPath, returnPath } from "@/lib/return-path";

type AuthFailure = { readonly message?: string | undefined; readonly status: number };

/**
 * What sign-in and sign-up share: send the form to better-auth (with `next`, where to go once
 * signed in), show its refusal, then go on to ?next= (e.g. a CLI's device login) or `afterwards`,
 * unless `done` takes over. `linkTo` keeps ?next= on the link to the other form.
 */
export function useAuthForm(options: {
  send: (form: FormData, next: string) => Promise<{ error: AuthFailure | null }>;
  afterwards: Route;
  failure: (error: AuthFailure) => string;
  done?: (form: FormData) => void;
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
    const next = returnPath(search, options.afterwards);
    const result = await options.send(form, next);
    setBusy(false);
    if (result.error) {
      setError(options.failure(result.error));
      return;
    }
    if (options.done) options.done(form);
    else router.push(next as Route);
  }

  return { submit, error, busy, linkTo: (path: Route) => keepingReturnPath(path, search) as Route };
}
