"use client";

import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useRouter } from "next/navigation";
import { useState, type FormEvent } from "react";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { TextField } from "@/components/ui/field";
import { errorMessage } from "@/lib/error-message";
import { useTRPC } from "@/lib/trpc";
import { slugFromName } from "./slug";

export function CreateOrgForm() {
  const trpc = useTRPC();
  const router = useRouter();
  const queryClient = useQueryClient();
  const [name, setName] = useState("");
  const [slug, setSlug] = useState<string | null>(null);
  const setActive = useMutation(trpc.orgs.setActive.mutationOptions());
  const create = useMutation(
    trpc.orgs.create.mutationOptions({
      onSuccess: async (organization) => {
        await setActive.mutateAsync({ organizationId: organization.id });
        await queryClient.invalidateQueries();
        router.push("/clusters");
      },
    }),
  );
  const effectiveSlug = slug ?? slugFromName(name);

  function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    create.mutate({ name: name.trim(), slug: effectiveSlug });
  }

  const failure = create.error ?? setActive.error;
  return (
    <form onSubmit={submit} className="space-y-4">
      {failure && <Alert tone="error">{errorMessage(failure)}</Alert>}
      <TextField label="Organization name" name="name" value={name} onChange={(event) => setName(event.target.value)} required autoFocus />
      <TextField
        label="Slug"
        name="slug"
        value={effectiveSlug}
        onChange={(event) => setSlug(event.target.value)}
        pattern="[a-z0-9]+(-[a-z0-9]+)*"
        hint="Lowercase letters, digits and dashes."
        required
      />
      <Button type="submit" busy={create.isPending || setActive.isPending} className="w-full">
        Create organization
      </Button>
    </form>
  );
}
