import type { Metadata } from "next";
import { Suspense } from "react";
import { serverEnv } from "@/server/env";
import { SignInForm } from "@/features/auth/sign-in-form";

export const metadata: Metadata = { title: "Sign in" };

// Rendered per request: whether mail is caught locally is known only when the server runs.
export const dynamic = "force-dynamic";

export default function SignInPage() {
  // The form reads ?next= from the address, which only the browser knows.
  return (
    <Suspense>
      <SignInForm localMail={serverEnv().FRESHET_LOCAL_MAIL === "terminal"} />
    </Suspense>
  );
}
