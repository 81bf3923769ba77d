import type { Metadata } from "next";
import { Suspense } from "react";
import { DeviceApproval } from "@/features/auth/device-approval";

export const metadata: Metadata = { title: "Connect the Freshet CLI" };

export default function DevicePage() {
  // The code arrives in the query string, which only the browser knows: this part renders there.
  return (
    <Suspense
      fallback={
        <p role="status" className="text-sm text-slate-500">
          Loading…
        </p>
      }
    >
      <DeviceApproval />
    </Suspense>
  );
}
