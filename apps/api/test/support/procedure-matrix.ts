import type { AnyProcedure, inferProcedureInput } from "@trpc/server";
import type { AppRouter } from "../../src/router.js";
import { generateKeyPairSync } from "node:crypto";
import type { Client } from "./api-harness.js";
import { testSourceYaml } from "./test-connectors.js";
import { stockDataflowYaml } from "./test-dataflows.js";
import { ordersPipelineYaml, testPipelineYaml } from "./test-pipelines.js";

/** Rows of org A that the calls below name; another org's caller must not reach any of them. */
export interface Fixture {
  readonly orgA: string;
  readonly clusterA: string;
  readonly credentialA: string;
  readonly memberA: string;
  readonly apiKeyA: string;
  readonly invitationA: string;
  readonly connectorA: string;
  /** A running dataflow (its process a stand-in) with the view "product-stock". */
  readonly dataflowA: string;
  /** A pipeline deployed once (version 1). */
  readonly pipelineA: string;
  /** A running pipeline preview over the topic "orders". */
  readonly previewA: string;
  /** A stalled-topic alert rule on clusterA's topic "orders". */
  readonly alertRuleA: string;
  /** A Hub group of org A, holding the private package hubPackageA (version 1.0.0). */
  readonly hubGroupA: string;
  readonly hubPackageA: string;
  /** A signing key org A registered. */
  readonly hubKeyA: string;
}

/**
 * Who may call: public (anyone, signed in or not), optional (anyone; a caller presenting a
 * credential must present a valid one, and sees its own org's private rows too), authed (anyone signed in), person (signed in, not through an API key), org (a
 * member of the active org; viewers only read), orgAdmin (owners and admins), orgOwner, staff.
 */
export type Layer = "public" | "optional" | "authed" | "person" | "org" | "orgAdmin" | "orgOwner" | "staff";

export interface MatrixEntry {
  readonly type: "query" | "mutation" | "subscription";
  readonly layer: Layer;
  /** Input naming org A's rows (or harmless input where the procedure takes none). */
  readonly input: (f: Fixture) => unknown;
  /** The audit action a successful call writes (mutations only). */
  readonly audit?: string;
  /**
   * Where that record lives: the organization's audit log (default), or, for staff's changes that
   * belong to no organization, the row itself (a price version or a promotion code names who made
   * it and when).
   */
  readonly auditedIn?: "org" | "price-book" | "promotion-codes";
  /**
   * What the owner of another org gets: NOT_FOUND for A's rows, FORBIDDEN for staff, "OK" where the
   * call acts on the caller's own org (its answer must then hold none of A's ids), CONFLICT for
   * A's globally unique slug.
   */
  readonly otherOrg: "NOT_FOUND" | "FORBIDDEN" | "OK" | "CONFLICT";
}

type RouterRecord = AppRouter["_def"]["record"];

/** The dotted path of every procedure in a router record, as clients call them ("orgs.create"). */
type PathsOf<TRecord, TPrefix extends string = ""> = {
  [K in keyof TRecord & string]: TRecord[K] extends AnyProcedure ? `${TPrefix}${K}` : PathsOf<TRecord[K], `${TPrefix}${K}.`>;
}[keyof TRecord & string];

type ProcedureAt<TRecord, TPath extends string> = TPath extends `${infer Head}.${infer Rest}`
  ? Head extends keyof TRecord
    ? ProcedureAt<TRecord[Head], Rest>
    : never
  : TPath extends keyof TRecord
    ? TRecord[TPath] extends AnyProcedure
      ? TRecord[TPath]
      : never
    : never;

export type ProcedurePath = PathsOf<RouterRecord>;

/** A row as the procedure at `TPath` demands it: its own type, an input it accepts, an audit action exactly for mutations. */
type RowFor<TPath extends ProcedurePath, TProcedure extends AnyProcedure = ProcedureAt<RouterRecord, TPath>> = MatrixEntry & {
  readonly type: TProcedure["_def"]["type"];
  readonly input: (f: Fixture) => inferProcedureInput<TProcedure>;
} & (TProcedure["_def"]["type"] extends "mutation" ? { readonly audit: string } : { readonly audit?: never });

/**
 * Every procedure of the API, checked against the router: a procedure without a row, a row for no
 * procedure, a wrong type, an input the procedure would not accept or an audit action on anything but
 * a mutation fails typecheck.
 */
const ROWS = {
  "me.get": { type: "query", layer: "authed", input: () => undefined, otherOrg: "OK" },
  "orgs.create": { type: "mutation", layer: "person", input: () => ({ name: "Intruder", slug: "acme" }), audit: "org.create", otherOrg: "CONFLICT" },
  "orgs.setActive": { type: "mutation", layer: "person", input: (f) => ({ organizationId: f.orgA }), audit: "org.switch", otherOrg: "NOT_FOUND" },
  "orgs.update": { type: "mutation", layer: "orgAdmin", input: () => ({ name: "Intruder" }), audit: "org.update", otherOrg: "OK" },
  "orgs.delete": { type: "mutation", layer: "orgOwner", input: (f) => ({ organizationId: f.orgA }), audit: "org.delete", otherOrg: "NOT_FOUND" },
  "members.list": { type: "query", layer: "org", input: () => undefined, otherOrg: "OK" },
  "members.invite": { type: "mutation", layer: "orgAdmin", input: () => ({ email: "mallory@example.com", role: "admin" }), audit: "member.invite", otherOrg: "OK" },
  "members.updateRole": { type: "mutation", layer: "orgAdmin", input: (f) => ({ memberId: f.memberA, role: "admin" }), audit: "member.update-role", otherOrg: "NOT_FOUND" },
  "members.remove": { type: "mutation", layer: "orgAdmin", input: (f) => ({ memberId: f.memberA }), audit: "member.remove", otherOrg: "NOT_FOUND" },
  "invitations.list": { type: "query", layer: "org", input: () => undefined, otherOrg: "OK" },
  "invitations.accept": { type: "mutation", layer: "person", input: (f) => ({ invitationId: f.invitationA }), audit: "invitation.accept", otherOrg: "NOT_FOUND" },
  "clusters.list": { type: "query", layer: "org", input: () => undefined, otherOrg: "OK" },
  "clusters.get": { type: "query", layer: "org", input: (f) => ({ clusterId: f.clusterA }), otherOrg: "NOT_FOUND" },
  "clusters.create": { type: "mutation", layer: "org", input: () => ({ name: "intruder", region: "local", plan: "pro", spus: 1 }), audit: "cluster.create", otherOrg: "OK" },
  "clusters.delete": { type: "mutation", layer: "orgAdmin", input: (f) => ({ clusterId: f.clusterA }), audit: "cluster.delete", otherOrg: "NOT_FOUND" },
  "clusters.watch": { type: "subscription", layer: "org", input: (f) => ({ clusterId: f.clusterA }), otherOrg: "NOT_FOUND" },
  "connectors.list": { type: "query", layer: "org", input: (f) => ({ clusterId: f.clusterA }), otherOrg: "NOT_FOUND" },
  "connectors.get": { type: "query", layer: "org", input: (f) => ({ connectorId: f.connectorA }), otherOrg: "NOT_FOUND" },
  "connectors.types": { type: "query", layer: "org", input: () => undefined, otherOrg: "OK" },
  "connectors.check": { type: "query", layer: "org", input: () => ({ yaml: testSourceYaml("probe") }), otherOrg: "OK" },
  "connectors.logs": { type: "query", layer: "org", input: (f) => ({ connectorId: f.connectorA }), otherOrg: "NOT_FOUND" },
  "connectors.create": { type: "mutation", layer: "org", input: (f) => ({ clusterId: f.clusterA, yaml: testSourceYaml("intruder") }), audit: "connector.create", otherOrg: "NOT_FOUND" },
  "connectors.stop": { type: "mutation", layer: "org", input: (f) => ({ connectorId: f.connectorA }), audit: "connector.stop", otherOrg: "NOT_FOUND" },
  "connectors.start": { type: "mutation", layer: "org", input: (f) => ({ connectorId: f.connectorA }), audit: "connector.start", otherOrg: "NOT_FOUND" },
  "connectors.delete": { type: "mutation", layer: "orgAdmin", input: (f) => ({ connectorId: f.connectorA }), audit: "connector.delete", otherOrg: "NOT_FOUND" },
  "dataflows.validate": { type: "query", layer: "org", input: () => ({ yaml: stockDataflowYaml("probe") }), otherOrg: "OK" },
  "dataflows.deploy": { type: "mutation", layer: "org", input: (f) => ({ clusterId: f.clusterA, yaml: stockDataflowYaml("intruder") }), audit: "dataflow.deploy", otherOrg: "NOT_FOUND" },
  "dataflows.list": { type: "query", layer: "org", input: (f) => ({ clusterId: f.clusterA }), otherOrg: "NOT_FOUND" },
  "dataflows.get": { type: "query", layer: "org", input: (f) => ({ dataflowId: f.dataflowA }), otherOrg: "NOT_FOUND" },
  "dataflows.status": { type: "query", layer: "org", input: (f) => ({ dataflowId: f.dataflowA }), otherOrg: "NOT_FOUND" },
  "dataflows.delete": { type: "mutation", layer: "orgAdmin", input: (f) => ({ dataflowId: f.dataflowA }), audit: "dataflow.delete", otherOrg: "NOT_FOUND" },
  "pipelines.validate": { type: "query", layer: "org", input: () => ({ yaml: testPipelineYaml("probe") }), otherOrg: "OK" },
  "pipelines.list": { type: "query", layer: "org", input: (f) => ({ clusterId: f.clusterA }), otherOrg: "NOT_FOUND" },
  "pipelines.create": { type: "mutation", layer: "org", input: (f) => ({ clusterId: f.clusterA, yaml: testPipelineYaml("intruder") }), audit: "pipeline.create", otherOrg: "NOT_FOUND" },
  "pipelines.get": { type: "query", layer: "org", input: (f) => ({ pipelineId: f.pipelineA }), otherOrg: "NOT_FOUND" },
  "pipelines.saveDraft": { type: "mutation", layer: "org", input: (f) => ({ pipelineId: f.pipelineA, yaml: testPipelineYaml("intruder") }), audit: "pipeline.save-draft", otherOrg: "NOT_FOUND" },
  "pipelines.diff": { type: "query", layer: "org", input: (f) => ({ pipelineId: f.pipelineA, yaml: testPipelineYaml("lines", { threshold: 1 }) }), otherOrg: "NOT_FOUND" },
  "pipelines.deploy": {
    type: "mutation",
    layer: "org",
    input: (f) => ({ pipelineId: f.pipelineA, yaml: testPipelineYaml("lines", { threshold: 2 }) }),
    audit: "pipeline.deploy",
    otherOrg: "NOT_FOUND",
  },
  "pipelines.versions": { type: "query", layer: "org", input: (f) => ({ pipelineId: f.pipelineA }), otherOrg: "NOT_FOUND" },
  "pipelines.version": { type: "query", layer: "org", input: (f) => ({ pipelineId: f.pipelineA, version: 1 }), otherOrg: "NOT_FOUND" },
  "pipelines.restore": { type: "mutation", layer: "org", input: (f) => ({ pipelineId: f.pipelineA, version: 1 }), audit: "pipeline.restore", otherOrg: "NOT_FOUND" },
  "pipelines.delete": { type: "mutation", layer: "orgAdmin", input: (f) => ({ pipelineId: f.pipelineA }), audit: "pipeline.delete", otherOrg: "NOT_FOUND" },
  "pipelines.runView": { type: "query", layer: "org", input: (f) => ({ pipelineId: f.pipelineA }), otherOrg: "NOT_FOUND" },
  "pipelinePreviews.start": {
    type: "mutation",
    layer: "org",
    input: (f) => ({ clusterId: f.clusterA, yaml: ordersPipelineYaml("intruder") }),
    audit: "pipeline-preview.start",
    otherOrg: "NOT_FOUND",
  },
  "pipelinePreviews.poll": { type: "query", layer: "org", input: (f) => ({ previewId: f.previewA }), otherOrg: "NOT_FOUND" },
  "pipelinePreviews.pause": { type: "mutation", layer: "org", input: (f) => ({ previewId: f.previewA }), audit: "pipeline-preview.pause", otherOrg: "NOT_FOUND" },
  "pipelinePreviews.resume": { type: "mutation", layer: "org", input: (f) => ({ previewId: f.previewA }), audit: "pipeline-preview.resume", otherOrg: "NOT_FOUND" },
  "pipelinePreviews.stop": { type: "mutation", layer: "org", input: (f) => ({ previewId: f.previewA }), audit: "pipeline-preview.stop", otherOrg: "NOT_FOUND" },
  "views.list": { type: "query", layer: "org", input: (f) => ({ clusterId: f.clusterA }), otherOrg: "NOT_FOUND" },
  "views.query": { type: "query", layer: "org", input: (f) => ({ clusterId: f.clusterA, view: "product-stock", last: 1 }), otherOrg: "NOT_FOUND" },
  "connectors.offsets.get": { type: "query", layer: "org", input: (f) => ({ connectorId: f.connectorA }), otherOrg: "NOT_FOUND" },
  "connectors.offsets.reset": { type: "mutation", layer: "orgAdmin", input: (f) => ({ connectorId: f.connectorA }), audit: "connector.offsets-reset", otherOrg: "NOT_FOUND" },
  "connectors.offsets.alter": {
    type: "mutation",
    layer: "orgAdmin",
    input: (f) => ({ connectorId: f.connectorA, offsets: { kind: "source", position: 0 } }),
    audit: "connector.offsets-alter",
    otherOrg: "NOT_FOUND",
  },
  "credentials.list": { type: "query", layer: "org", input: (f) => ({ clusterId: f.clusterA }), otherOrg: "NOT_FOUND" },
  "credentials.create": { type: "mutation", layer: "org", input: (f) => ({ clusterId: f.clusterA, name: "intruder" }), audit: "credential.create", otherOrg: "NOT_FOUND" },
  "credentials.revoke": { type: "mutation", layer: "org", input: (f) => ({ credentialId: f.credentialA }), audit: "credential.revoke", otherOrg: "NOT_FOUND" },
  "acls.list": { type: "query", layer: "org", input: (f) => ({ credentialId: f.credentialA }), otherOrg: "NOT_FOUND" },
  "acls.add": {
    type: "mutation",
    layer: "org",
    input: (f) => ({ credentialId: f.credentialA, rule: { resource: "topic", match: "prefix", name: "orders", access: "consume", permission: "allow" } }),
    audit: "acl.add",
    otherOrg: "NOT_FOUND",
  },
  "acls.remove": {
    type: "mutation",
    layer: "org",
    input: (f) => ({ credentialId: f.credentialA, rule: { resource: "topic", match: "prefix", name: "orders", access: "consume", permission: "allow" } }),
    audit: "acl.remove",
    otherOrg: "NOT_FOUND",
  },
  "topics.list": { type: "query", layer: "org", input: (f) => ({ clusterId: f.clusterA }), otherOrg: "NOT_FOUND" },
  "topics.create": { type: "mutation", layer: "org", input: (f) => ({ clusterId: f.clusterA, name: "intruder", partitions: 1 }), audit: "topic.create", otherOrg: "NOT_FOUND" },
  "topics.delete": { type: "mutation", layer: "org", input: (f) => ({ clusterId: f.clusterA, name: "orders" }), audit: "topic.delete", otherOrg: "NOT_FOUND" },
  "topics.produce": { type: "mutation", layer: "org", input: (f) => ({ clusterId: f.clusterA, topic: "orders", value: "intruder" }), audit: "topic.produce", otherOrg: "NOT_FOUND" },
  "topics.tail": { type: "subscription", layer: "org", input: (f) => ({ clusterId: f.clusterA, topic: "orders", last: 1 }), otherOrg: "NOT_FOUND" },
  "groups.list": { type: "query", layer: "org", input: (f) => ({ clusterId: f.clusterA }), otherOrg: "NOT_FOUND" },
  "groups.get": { type: "query", layer: "org", input: (f) => ({ clusterId: f.clusterA, groupId: "readers" }), otherOrg: "NOT_FOUND" },
  "groups.byTopic": { type: "query", layer: "org", input: (f) => ({ clusterId: f.clusterA, topic: "orders" }), otherOrg: "NOT_FOUND" },
  "groups.previewReset": { type: "query", layer: "org", input: (f) => ({ clusterId: f.clusterA, groupId: "readers", to: { kind: "earliest" } }), otherOrg: "NOT_FOUND" },
  "groups.resetOffsets": {
    type: "mutation",
    layer: "org",
    input: (f) => ({ clusterId: f.clusterA, groupId: "readers", to: { kind: "earliest" } }),
    audit: "group.reset-offsets",
    otherOrg: "NOT_FOUND",
  },
  "groups.delete": { type: "mutation", layer: "org", input: (f) => ({ clusterId: f.clusterA, groupId: "readers" }), audit: "group.delete", otherOrg: "NOT_FOUND" },
  "metrics.overview": { type: "query", layer: "org", input: (f) => ({ clusterId: f.clusterA, range: "hour" }), otherOrg: "NOT_FOUND" },
  "metrics.topicRates": { type: "query", layer: "org", input: (f) => ({ clusterId: f.clusterA, topic: "orders", range: "day" }), otherOrg: "NOT_FOUND" },
  "metrics.groupLag": { type: "query", layer: "org", input: (f) => ({ clusterId: f.clusterA, groupId: "billing", range: "hour" }), otherOrg: "NOT_FOUND" },
  "topics.describe": { type: "query", layer: "org", input: (f) => ({ clusterId: f.clusterA, topic: "orders" }), otherOrg: "NOT_FOUND" },
  "topics.alterConfig": {
    type: "mutation",
    layer: "org",
    input: (f) => ({ clusterId: f.clusterA, topic: "orders", name: "retention.ms", value: "86400000" }),
    audit: "topic.configure",
    otherOrg: "NOT_FOUND",
  },
  "topics.messages": {
    type: "query",
    layer: "org",
    input: (f) => ({ clusterId: f.clusterA, topic: "orders", partition: null, order: "newest-first", seek: { kind: "edge" } }),
    otherOrg: "NOT_FOUND",
  },
  "smartModules.list": { type: "query", layer: "org", input: (f) => ({ clusterId: f.clusterA }), otherOrg: "NOT_FOUND" },
  "smartModules.delete": { type: "mutation", layer: "org", input: (f) => ({ clusterId: f.clusterA, name: "json-filter", version: "0.1.0" }), audit: "smartmodule.delete", otherOrg: "NOT_FOUND" },
  "apiKeys.list": { type: "query", layer: "orgAdmin", input: () => undefined, otherOrg: "OK" },
  "apiKeys.create": { type: "mutation", layer: "orgAdmin", input: () => ({ name: "intruder", role: "admin", scopes: ["hub:publish"] }), audit: "api-key.create", otherOrg: "OK" },
  "apiKeys.revoke": { type: "mutation", layer: "orgAdmin", input: (f) => ({ apiKeyId: f.apiKeyA }), audit: "api-key.revoke", otherOrg: "NOT_FOUND" },
  "audit.list": { type: "query", layer: "orgAdmin", input: () => ({}), otherOrg: "OK" },
  "staff.organizations.list": { type: "query", layer: "staff", input: () => undefined, otherOrg: "FORBIDDEN" },
  "billing.summary": { type: "query", layer: "org", input: () => undefined, otherOrg: "OK" },
  "billing.usage": { type: "query", layer: "org", input: () => ({}), otherOrg: "OK" },
  "billing.credits": { type: "query", layer: "org", input: () => undefined, otherOrg: "OK" },
  "billing.invoices": { type: "query", layer: "org", input: () => undefined, otherOrg: "OK" },
  "billing.onboarding": { type: "query", layer: "org", input: () => undefined, otherOrg: "OK" },
  "billing.setBudget": { type: "mutation", layer: "orgAdmin", input: () => ({ budgetMinor: 10_000, hardCapMinor: null }), audit: "billing.set-budget", otherOrg: "OK" },
  "billing.requestOnboarding": {
    type: "mutation",
    layer: "orgAdmin",
    input: () => ({ workload: "clickstream", volumes: "5 MB/s", contactTime: "mornings UTC" }),
    audit: "onboarding.request",
    otherOrg: "OK",
  },
  // The matrix's setup creates the code MATRIX, so another org's owner redeems it for their own org.
  "billing.redeemCode": { type: "mutation", layer: "orgAdmin", input: () => ({ code: "matrix" }), audit: "billing.promotion_redeemed", otherOrg: "OK" },
  "billing.startCheckout": { type: "mutation", layer: "orgAdmin", input: () => ({}), audit: "billing.start-checkout", otherOrg: "OK" },
  "pricing.plans": { type: "query", layer: "public", input: () => undefined, otherOrg: "OK" },
  "staff.onboarding.list": { type: "query", layer: "staff", input: () => undefined, otherOrg: "FORBIDDEN" },
  "staff.onboarding.decide": { type: "mutation", layer: "staff", input: () => ({ requestId: "onb_unknown", decision: "approve" }), audit: "onboarding.approve", otherOrg: "FORBIDDEN" },
  "staff.billing.mismatches": { type: "query", layer: "staff", input: () => undefined, otherOrg: "FORBIDDEN" },
  "staff.prices.list": { type: "query", layer: "staff", input: () => undefined, otherOrg: "FORBIDDEN" },
  "staff.prices.create": {
    type: "mutation",
    layer: "staff",
    input: () => ({ planId: "pro", dimension: "ingress_gib", effectiveFrom: "2099-01-01T00:00:00.000Z", price: { kind: "unit", unitPriceMinor: "7" } }),
    audit: "price-version.create",
    auditedIn: "price-book",
    otherOrg: "FORBIDDEN",
  },
  "alerts.rules.list": { type: "query", layer: "org", input: (f) => ({ clusterId: f.clusterA }), otherOrg: "NOT_FOUND" },
  "alerts.rules.create": {
    type: "mutation",
    layer: "org",
    input: (f) => ({ clusterId: f.clusterA, rule: { name: "intruder", target: { kind: "topic", topic: "orders" }, condition: { kind: "stalled" }, windowSeconds: 60 } }),
    audit: "alert-rule.create",
    otherOrg: "NOT_FOUND",
  },
  "alerts.rules.update": { type: "mutation", layer: "org", input: (f) => ({ ruleId: f.alertRuleA, enabled: false }), audit: "alert-rule.update", otherOrg: "NOT_FOUND" },
  "alerts.rules.delete": { type: "mutation", layer: "org", input: (f) => ({ ruleId: f.alertRuleA }), audit: "alert-rule.delete", otherOrg: "NOT_FOUND" },
  "alerts.events.list": { type: "query", layer: "org", input: (f) => ({ ruleId: f.alertRuleA }), otherOrg: "NOT_FOUND" },
  "alerts.webhook.get": { type: "query", layer: "org", input: () => undefined, otherOrg: "OK" },
  "alerts.webhook.set": { type: "mutation", layer: "orgAdmin", input: () => ({ url: "https://example.com/hooks/freshet" }), audit: "alert-webhook.set", otherOrg: "OK" },
  "staff.promotions.list": { type: "query", layer: "staff", input: () => undefined, otherOrg: "FORBIDDEN" },
  "staff.promotions.create": {
    type: "mutation",
    layer: "staff",
    input: () => ({ code: "INTRUDER", amountMinor: 1_000, validDays: 30 }),
    audit: "promotion-code.create",
    auditedIn: "promotion-codes",
    otherOrg: "FORBIDDEN",
  },
  "hub.search": { type: "query", layer: "optional", input: () => ({ q: "sauce" }), otherOrg: "OK" },
  "hub.package": { type: "query", layer: "optional", input: (f) => ({ group: f.hubGroupA, name: f.hubPackageA }), otherOrg: "NOT_FOUND" },
  "hub.resolve": { type: "query", layer: "optional", input: (f) => ({ group: f.hubGroupA, name: f.hubPackageA, range: "^1" }), otherOrg: "NOT_FOUND" },
  "hub.groups.list": { type: "query", layer: "org", input: () => undefined, otherOrg: "OK" },
  "hub.groups.claim": { type: "mutation", layer: "orgAdmin", input: (f) => ({ name: f.hubGroupA }), audit: "hub.group.claim", otherOrg: "CONFLICT" },
  "hub.keys.list": { type: "query", layer: "org", input: () => undefined, otherOrg: "OK" },
  "hub.keys.register": { type: "mutation", layer: "orgAdmin", input: () => ({ name: "intruder", publicKeyPem: freshEd25519Pem() }), audit: "hub.key.register", otherOrg: "OK" },
  "hub.keys.revoke": { type: "mutation", layer: "orgAdmin", input: (f) => ({ keyId: f.hubKeyA }), audit: "hub.key.revoke", otherOrg: "NOT_FOUND" },
  "hub.yank": { type: "mutation", layer: "org", input: (f) => ({ group: f.hubGroupA, name: f.hubPackageA, version: "1.0.0", reason: "intruder" }), audit: "hub.yank", otherOrg: "NOT_FOUND" },
  "hub.unyank": { type: "mutation", layer: "org", input: (f) => ({ group: f.hubGroupA, name: f.hubPackageA, version: "1.0.0" }), audit: "hub.unyank", otherOrg: "NOT_FOUND" },
  "hub.mine": { type: "query", layer: "org", input: () => undefined, otherOrg: "OK" },
  "hub.install": {
    type: "mutation",
    layer: "org",
    input: (f) => ({ clusterId: f.clusterA, group: f.hubGroupA, name: f.hubPackageA, range: "^1" }),
    audit: "hub.install",
    otherOrg: "NOT_FOUND",
  },
  "hub.update": { type: "mutation", layer: "org", input: (f) => ({ clusterId: f.clusterA }), audit: "hub.update", otherOrg: "NOT_FOUND" },
  "hub.setAutoUpdate": { type: "mutation", layer: "org", input: (f) => ({ clusterId: f.clusterA, enabled: true }), audit: "hub.auto-update", otherOrg: "NOT_FOUND" },
  "staff.hub.takedown": { type: "mutation", layer: "staff", input: (f) => ({ group: f.hubGroupA, name: f.hubPackageA, reason: "intruder" }), audit: "hub.takedown", otherOrg: "FORBIDDEN" },
} satisfies { readonly [TPath in ProcedurePath]: RowFor<TPath> };

/** A new Ed25519 public key: registering one key twice is refused, whoever asks. */
function freshEd25519Pem(): string {
  return generateKeyPairSync("ed25519").publicKey.export({ type: "spki", format: "pem" }).toString();
}

export const MATRIX: Readonly<Record<ProcedurePath, MatrixEntry>> = ROWS;

/** Calls `path` through a real tRPC client; a subscription's outcome is its first value or its error. */
export async function call(client: Client, path: ProcedurePath, input: unknown): Promise<unknown> {
  const entry = MATRIX[path];
  const target = path.split(".").reduce<unknown>((node, key) => (node as Record<string, unknown>)[key], client) as Record<string, (...args: unknown[]) => unknown>;
  if (entry.type === "query") return target.query!(input);
  if (entry.type === "mutation") return target.mutate!(input);
  return new Promise((resolve, reject) => {
    const subscription = target.subscribe!(input, {
      onData: (value: unknown) => {
        subscription.unsubscribe();
        resolve(value);
      },
      onError: (error: unknown) => {
        subscription.unsubscribe();
        reject(error);
      },
    }) as { unsubscribe(): void };
  });
}
