"use client";

import { PageHeader } from "@/components/ui/page-header";
import { AlertHistory } from "./alert-history";
import { AlertRuleForm } from "./alert-rule-form";
import { AlertRules } from "./alert-rules";
import { AlertWebhookSetting } from "./alert-webhook";
import { usePermissions, READ_ONLY_NOTE } from "../orgs/permissions";
import { Card } from "@/components/ui/card";

/** Alerts on data behaviour: rules with their state, a form for a new one, the history and the org's webhook. */
export function AlertsPage() {
  const { canChange } = usePermissions();
  return (
    <>
      <PageHeader title="Alerts" description="Alerts on what the data does: a topic that stalls, lag that keeps growing, connector errors, throughput outside a band." />
      <div className="space-y-6">
        <AlertRules />
        <Card title="New alert">{canChange ? <AlertRuleForm /> : <p className="text-sm text-slate-500">{READ_ONLY_NOTE}</p>}</Card>
        <AlertHistory />
        <AlertWebhookSetting />
      </div>
    </>
  );
}
