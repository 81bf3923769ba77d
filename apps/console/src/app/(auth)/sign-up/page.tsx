import type { Metadata } from "next";
import { Suspense } from "react";
import { serverEnv } from "@/server/env";
import { SignUpForm } from "@/features/auth/sign-up-form";

export const metadata: Metadata = { title: "Sign up" };

// Rendered per request: whether mail is caught locally is known only when the server runs.
export const dynamic = "force-dynamic";

export default function SignUpPage() {
  // The form reads ?next= from the address, which only the browser knows.
  return (
    <Suspense>
      <SignUpForm localMail={serverEnv().FRESHET_LOCAL_MAIL === "terminal"} />
    </Suspense>
  );
}
