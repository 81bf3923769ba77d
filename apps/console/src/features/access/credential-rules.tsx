"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import type { Route } from "next";
import Link from "next/link";
import { useState, type FormEvent } from "react";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { Card } from "@/components/ui/card";
import { ConfirmButton } from "@/components/ui/confirm-button";
import { SelectField, TextField } from "@/components/ui/field";
import { QueryTable } from "@/components/ui/query-table";
import { Td } from "@/components/ui/table";
import { errorMessage } from "@/lib/error-message";
import { useTRPC } from "@/lib/trpc";
import { READ_ONLY_NOTE, usePermissions } from "../orgs/permissions";
import { RULE_KINDS, ruleSentence, type AccessRule } from "./rule-labels";

export const ACCESS_SEMANTICS =
  "A credential without allow rules may do everything its deny rules leave it. Once it has an allow rule, it may do only what its allow rules allow. A deny rule always wins.";

type RuleKind = (typeof RULE_KINDS)[number];
type RuleInput = Pick<RuleKind, "resource" | "access"> & Pick<AccessRule, "match" | "name" | "permission">;

function ruleFromForm(form: FormData): RuleInput {
  const kind = RULE_KINDS.find((k) => k.value === form.get("kind")) ?? RULE_KINDS[0];
  return {
    resource: kind.resource,
    access: kind.access,
    match: form.get("match") === "prefix" ? "prefix" : "name",
    name: String(form.get("name")).trim(),
    permission: form.get("permission") === "deny" ? "deny" : "allow",
  };
}

/** One credential's access rules: the list, adding one and removing one. */
export function CredentialRules({ clusterId, credentialId }: { clusterId: string; credentialId: string }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const credentials = useQuery(trpc.credentials.list.queryOptions({ clusterId }));
  const rules = useQuery(trpc.acls.list.queryOptions({ credentialId }));
  const invalidate = () => queryClient.invalidateQueries({ queryKey: trpc.acls.list.queryKey({ credentialId }) });
  const add = useMutation(trpc.acls.add.mutationOptions({ onSuccess: invalidate }));
  const remove = useMutation(trpc.acls.remove.mutationOptions({ onSuccess: invalidate }));
  const [removing, setRemoving] = useState<string | null>(null);
  const { canChange } = usePermissions();
  const credential = credentials.data?.find((c) => c.id === credentialId);
  const name = credential?.name ?? "this credential";

  function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const formElement = event.currentTarget;
    add.mutate({ credentialId, rule: ruleFromForm(new FormData(formElement)) }, { onSuccess: () => formElement.reset() });
  }

  function removeRule(rule: AccessRule, key: string) {
    if (rule.resource === "cluster" || rule.access === "other") return;
    setRemoving(key);
    remove.mutate({ credentialId, rule: { resource: rule.resource, match: rule.match, name: rule.name, access: rule.access, permission: rule.permission } });
  }

  return (
    <div className="space-y-6">
      <p className="text-sm">
        <Link href={`/clusters/${clusterId}/access` as Route} className="text-brand-700 hover:underline">
          Access
        </Link>{" "}
        / {name}
      </p>
      <Card title={`Access rules of ${name}`} description={ACCESS_SEMANTICS}>
        <div className="space-y-4">
          {canChange ? (
            <form onSubmit={submit} className="grid gap-3 sm:grid-cols-2 lg:grid-cols-5 lg:items-end" aria-label="Add access rule">
              <SelectField label="Rule" name="permission" defaultValue="allow">
                <option value="allow">Allow</option>
                <option value="deny">Deny</option>
              </SelectField>
              <SelectField label="Action" name="kind" defaultValue="consume">
                {RULE_KINDS.map((kind) => (
                  <option key={kind.value} value={kind.value}>
                    {kind.label}
                  </option>
                ))}
              </SelectField>
              <SelectField label="Which" name="match" defaultValue="name">
                <option value="name">Named exactly</option>
                <option value="prefix">Whose name starts with</option>
              </SelectField>
              <TextField label="Topic or group name" name="name" required maxLength={249} placeholder="orders" />
              <Button type="submit" busy={add.isPending}>
                Add rule
              </Button>
            </form>
          ) : (
            <p className="text-sm text-slate-500">{READ_ONLY_NOTE}</p>
          )}
          {add.error && <Alert tone="error">{errorMessage(add.error)}</Alert>}
          <QueryTable query={rules} rows={rules.data} loading="Loading rules…" empty="No rules: this credential may do everything." caption="Access rules" columns={["Rule"]} actions>
            {(rule) => {
              const key = `${rule.permission}/${rule.resource}/${rule.operation}/${rule.match}/${rule.name}`;
              return (
                <tr key={key}>
                  <Td className="break-all">{ruleSentence(rule)}</Td>
                  <Td className="text-right">
                    {canChange && rule.resource !== "cluster" && rule.access !== "other" && (
                      <ConfirmButton label="Remove" confirmLabel="Remove rule" busy={remove.isPending && removing === key} onConfirm={() => removeRule(rule, key)} />
                    )}
                  </Td>
                </tr>
              );
            }}
          </QueryTable>
          {remove.error && <Alert tone="error">{errorMessage(remove.error)}</Alert>}
        </div>
      </Card>
    </div>
  );
}
