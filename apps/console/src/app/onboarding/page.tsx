import type { Metadata } from "next";
import { Onboarding } from "@/features/orgs/onboarding";

export const metadata: Metadata = { title: "Create an organization" };

export default function OnboardingPage() {
  return <Onboarding />;
}
