import type { Metadata } from "next";
import { Suspense } from "react";
import { SignUpForm } from "@/features/auth/sign-up-form";

export const metadata: Metadata = { title: "Sign up" };

export default function SignUpPage() {
  // The form reads ?next= from the address, which only the browser knows.
  return (
    <Suspense>
      <SignUpForm />
    </Suspense>
  );
}
