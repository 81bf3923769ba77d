"use client";

import { useQueryClient } from "@tanstack/react-query";
import { useRouter } from "next/navigation";
import { useState } from "react";
import { Button } from "@/components/ui/button";
import { authClient } from "@/lib/auth-client";

export function UserMenu({ email }: { email: string }) {
  const router = useRouter();
  const queryClient = useQueryClient();
  const [busy, setBusy] = useState(false);

  async function signOut() {
    setBusy(true);
    await authClient.signOut();
    // Nothing cached for this person may be shown to whoever signs in next in this tab.
    queryClient.clear();
    router.replace("/sign-in");
  }

  return (
    <div className="flex items-center gap-3 text-sm">
      <span className="max-w-44 truncate text-slate-500" title={email}>
        {email}
      </span>
      <Button variant="secondary" size="sm" busy={busy} onClick={() => void signOut()}>
        Sign out
      </Button>
    </div>
  );
}
