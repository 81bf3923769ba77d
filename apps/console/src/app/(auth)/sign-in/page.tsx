import type { Metadata } from "next";
import { Suspense } from "react";
import { SignInForm } from "@/features/auth/sign-in-form";

export const metadata: Metadata = { title: "Sign in" };

export default function SignInPage() {
  // The form reads ?next= from the address, which only the browser knows.
  return (
    <Suspense>
      <SignInForm />
    </Suspense>
  );
}
