import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createPrismaClient, Prisma, type PrismaClient } from "./client.js";
import { newId } from "./ids.js";
import { createTestDatabase, type TestDatabase } from "./test-support/test-database.js";

// Drift test: every model goes through Prisma Client against a database built only from the SQL
// migrations, so a schema change without its migration (or the reverse) fails here.
let db: TestDatabase;
let prisma: PrismaClient;
beforeAll(async () => {
  db = await createTestDatabase();
  prisma = createPrismaClient(db.url);
});
afterAll(async () => {
  await prisma.$disconnect();
  await db.drop();
});

const uniqueViolation = { name: "PrismaClientKnownRequestError", code: "P2002" };
const hour = 3_600_000;

describe("schema against the migrations", () => {
  it("better-auth tables: user, session, account, verification", async () => {
    const user = await prisma.user.create({ data: { id: newId("user"), name: "Ada", email: "ada@example.com" } });
    expect(user).toMatchObject({ emailVerified: false, image: null, isStaff: false });
    await expect(prisma.user.create({ data: { id: newId("user"), name: "Ada 2", email: "ada@example.com" } })).rejects.toMatchObject(uniqueViolation);

    const expiresAt = new Date(Date.now() + hour);
    const session = await prisma.session.create({
      data: { id: newId("session"), token: "tok-1", expiresAt, userId: user.id, ipAddress: "127.0.0.1", userAgent: "vitest" },
    });
    await expect(prisma.session.create({ data: { id: newId("session"), token: "tok-1", expiresAt, userId: user.id } })).rejects.toMatchObject(uniqueViolation);
    await prisma.session.update({ where: { token: "tok-1" }, data: { activeOrganizationId: "org_x" } });
    await prisma.account.create({
      data: { id: newId("account"), accountId: user.id, providerId: "credential", userId: user.id, password: "salt:hash" },
    });
    await prisma.verification.create({ data: { id: newId("verification"), identifier: "reset:ada", value: "v", expiresAt } });

    const loaded = await prisma.user.findUniqueOrThrow({ where: { email: "ada@example.com" }, include: { sessions: true, accounts: true } });
    expect(loaded.sessions.map((s) => [s.id, s.activeOrganizationId])).toEqual([[session.id, "org_x"]]);
    expect(loaded.accounts.map((a) => [a.providerId, a.password])).toEqual([["credential", "salt:hash"]]);
    expect(await prisma.verification.count({ where: { identifier: "reset:ada" } })).toBe(1);

    await prisma.user.delete({ where: { id: user.id } });
    expect([await prisma.session.count(), await prisma.account.count()]).toEqual([0, 0]);
    await prisma.verification.deleteMany({ where: { identifier: "reset:ada" } });
    expect(await prisma.verification.count()).toBe(0);
  });

  it("better-auth's device codes: unique codes, claimed by a user, gone with them", async () => {
    const user = await prisma.user.create({ data: { id: newId("user"), name: "Dev", email: "dev@example.com" } });
    const expiresAt = new Date(Date.now() + hour);
    const code = await prisma.deviceCode.create({
      data: { id: newId("deviceCode"), deviceCode: "device-1", userCode: "ABCD2345", expiresAt, status: "pending", pollingInterval: 2000, clientId: "freshet-cli" },
    });
    expect(code).toMatchObject({ userId: null, lastPolledAt: null, scope: null });
    await expect(prisma.deviceCode.create({ data: { id: newId("deviceCode"), deviceCode: "device-2", userCode: "ABCD2345", expiresAt, status: "pending" } })).rejects.toMatchObject(uniqueViolation);
    await expect(prisma.deviceCode.create({ data: { id: newId("deviceCode"), deviceCode: "device-1", userCode: "WXYZ2345", expiresAt, status: "pending" } })).rejects.toMatchObject(uniqueViolation);
    await prisma.deviceCode.update({ where: { userCode: "ABCD2345" }, data: { userId: user.id, status: "approved", lastPolledAt: new Date() } });
    await prisma.user.delete({ where: { id: user.id } });
    expect(await prisma.deviceCode.count()).toBe(0);
  });

  it("organizations, members with the four roles, invitations", async () => {
    const owner = await prisma.user.create({ data: { id: newId("user"), name: "Olu", email: "olu@example.com" } });
    const org = await prisma.organization.create({ data: { id: newId("organization"), name: "Acme", slug: "acme", createdAt: new Date() } });
    await expect(prisma.organization.create({ data: { id: newId("organization"), name: "Acme 2", slug: "acme", createdAt: new Date() } })).rejects.toMatchObject(uniqueViolation);
    for (const role of ["owner", "admin", "member", "viewer"] as const) {
      const user = role === "owner" ? owner : await prisma.user.create({ data: { id: newId("user"), name: role, email: `${role}@example.com` } });
      await prisma.member.create({ data: { id: newId("member"), organizationId: org.id, userId: user.id, role, createdAt: new Date() } });
    }
    await expect(prisma.member.create({ data: { id: newId("member"), organizationId: org.id, userId: owner.id, role: "superuser" as never, createdAt: new Date() } })).rejects.toThrow();
    const defaulted = await prisma.member.create({ data: { id: newId("member"), organizationId: org.id, userId: owner.id, createdAt: new Date() } });
    expect(defaulted.role).toBe("member");
    await prisma.member.delete({ where: { id: defaulted.id } });

    const invitation = await prisma.invitation.create({
      data: { id: newId("invitation"), organizationId: org.id, email: "new@example.com", role: "viewer", expiresAt: new Date(Date.now() + hour), inviterId: owner.id },
    });
    expect(invitation.status).toBe("pending");
    await prisma.invitation.update({ where: { id: invitation.id }, data: { status: "accepted" } });

    const loaded = await prisma.organization.findUniqueOrThrow({
      where: { slug: "acme" },
      include: { members: { orderBy: { role: "asc" } }, invitations: true },
    });
    expect(loaded.members.map((m) => m.role)).toEqual(["owner", "admin", "member", "viewer"]);
    expect(loaded.invitations.map((i) => [i.email, i.role, i.status])).toEqual([["new@example.com", "viewer", "accepted"]]);

    await prisma.organization.delete({ where: { id: org.id } });
    expect([await prisma.member.count(), await prisma.invitation.count()]).toEqual([0, 0]);
  });

  it("api keys, clusters, cluster credentials and the audit log", async () => {
    const user = await prisma.user.create({ data: { id: newId("user"), name: "Kim", email: "kim@example.com" } });
    const org = await prisma.organization.create({ data: { id: newId("organization"), name: "Kim Co", slug: "kim", createdAt: new Date() } });
    const other = await prisma.organization.create({ data: { id: newId("organization"), name: "Other", slug: "other", createdAt: new Date() } });

    const key = await prisma.apiKey.create({
      data: { id: newId("apiKey"), orgId: org.id, name: "ci", start: "fsk_abcd", hash: "a".repeat(64), createdById: user.id },
    });
    await expect(prisma.apiKey.create({ data: { id: newId("apiKey"), orgId: other.id, name: "dup", start: "fsk_abcd", hash: "a".repeat(64) } })).rejects.toMatchObject(uniqueViolation);
    await prisma.apiKey.update({ where: { hash: "a".repeat(64) }, data: { lastUsedAt: new Date(), revokedAt: new Date() } });

    const cluster = await prisma.cluster.create({
      data: { id: newId("cluster"), orgId: org.id, name: "prod", region: "local", plan: "free", spuCount: 1, partitionsLimit: 10 },
    });
    expect(cluster).toMatchObject({ status: "Pending", statusMessage: null, bootstrapHost: null, deletedAt: null });
    await expect(prisma.cluster.create({ data: { id: newId("cluster"), orgId: org.id, name: "prod", region: "local", plan: "free", spuCount: 1, partitionsLimit: 10 } })).rejects.toMatchObject(
      uniqueViolation,
    );
    await prisma.cluster.create({ data: { id: newId("cluster"), orgId: other.id, name: "prod", region: "local", plan: "free", spuCount: 1, partitionsLimit: 10 } });
    const running = await prisma.cluster.update({
      where: { orgId_name: { orgId: org.id, name: "prod" } },
      data: { status: "Running", bootstrapHost: "127.0.0.1", bootstrapPort: 19092, scPort: 19000, dataDir: "/tmp/clu" },
    });
    expect(running.updatedAt.getTime()).toBeGreaterThanOrEqual(cluster.updatedAt.getTime());

    const credential = await prisma.clusterCredential.create({
      data: { id: newId("clusterCredential"), clusterId: cluster.id, username: "app", salt: "c2FsdA==", storedKey: "c3Q=", serverKey: "c2U=", iterations: 4096, createdById: user.id },
    });
    const audit = await prisma.auditLog.create({
      data: {
        id: newId("auditLog"),
        orgId: org.id,
        actorUserId: user.id,
        actorApiKeyId: key.id,
        action: "cluster.create",
        targetType: "cluster",
        targetId: cluster.id,
        metadata: { plan: "free", spus: 1 },
        ip: "10.0.0.1",
      },
    });
    await prisma.auditLog.create({ data: { id: newId("auditLog"), orgId: org.id, action: "org.update", targetType: "organization", targetId: org.id } });

    const loaded = await prisma.organization.findUniqueOrThrow({
      where: { id: org.id },
      include: { clusters: { include: { credentials: true } }, apiKeys: true, auditLogs: { orderBy: { createdAt: "asc" } } },
    });
    expect(loaded.clusters.map((c) => [c.name, c.status, c.credentials.map((cr) => [cr.username, cr.iterations, cr.revokedAt])])).toEqual([["prod", "Running", [["app", 4096, null]]]]);
    expect(loaded.apiKeys.map((k) => [k.name, k.start, k.role, k.revokedAt instanceof Date])).toEqual([["ci", "fsk_abcd", "member", true]]);
    expect(loaded.auditLogs.map((a) => [a.action, a.metadata])).toEqual([
      ["cluster.create", { plan: "free", spus: 1 }],
      ["org.update", {}],
    ]);

    // Deleting an actor keeps the audit trail and forgets who it was.
    await prisma.apiKey.delete({ where: { id: key.id } });
    await prisma.user.delete({ where: { id: user.id } });
    expect(await prisma.auditLog.findUniqueOrThrow({ where: { id: audit.id } })).toMatchObject({ actorUserId: null, actorApiKeyId: null });
    // A credential outlives the person who minted it (it belongs to the org's cluster).
    expect(await prisma.clusterCredential.findUniqueOrThrow({ where: { id: credential.id } })).toMatchObject({ username: "app", createdById: null });
    const deleted = await prisma.organization.update({ where: { id: org.id }, data: { deletedAt: new Date() } });
    expect(deleted.deletedAt).toBeInstanceOf(Date);

    await prisma.cluster.delete({ where: { id: cluster.id } });
    expect(await prisma.clusterCredential.count()).toBe(0);
    await prisma.organization.deleteMany({ where: { id: { in: [org.id, other.id] } } });
    expect([await prisma.cluster.count(), await prisma.auditLog.count()]).toEqual([0, 0]);
    expect(Prisma.ModelName).toEqual({
      User: "User",
      Session: "Session",
      Account: "Account",
      Verification: "Verification",
      Organization: "Organization",
      Member: "Member",
      Invitation: "Invitation",
      DeviceCode: "DeviceCode",
      ApiKey: "ApiKey",
      Cluster: "Cluster",
      ClusterCredential: "ClusterCredential",
      AuditLog: "AuditLog",
      BillingAccount: "BillingAccount",
      MeterCursor: "MeterCursor",
      UsageEvent: "UsageEvent",
      UsageHour: "UsageHour",
      PriceVersion: "PriceVersion",
      CreditGrant: "CreditGrant",
      CreditLedgerEntry: "CreditLedgerEntry",
      BudgetAlert: "BudgetAlert",
      OnboardingRequest: "OnboardingRequest",
      PromotionCode: "PromotionCode",
      Invoice: "Invoice",
      InvoiceLine: "InvoiceLine",
      BillingOutbox: "BillingOutbox",
      StripeEvent: "StripeEvent",
      ClusterMetricPoint: "ClusterMetricPoint",
      Connector: "Connector",
      Dataflow: "Dataflow",
      Pipeline: "Pipeline",
      PipelineVersion: "PipelineVersion",
      AlertRule: "AlertRule",
      AlertEvent: "AlertEvent",
      AlertDelivery: "AlertDelivery",
      AlertWebhook: "AlertWebhook",
      HubGroup: "HubGroup",
      HubKey: "HubKey",
      HubPackage: "HubPackage",
      HubVersion: "HubVersion",
      HubDownloadDay: "HubDownloadDay",
    });
  });

  it("billing: account per org, usage once per event id, one onboarding credit per org, one invoice per period", async () => {
    const org = await prisma.organization.create({ data: { id: newId("organization"), name: "Payer", slug: "payer", createdAt: new Date() } });
    const account = await prisma.billingAccount.create({ data: { id: newId("billingAccount"), orgId: org.id } });
    expect(account).toMatchObject({ capState: "uncapped", standing: "good", currency: "usd", budgetMinor: null });
    await expect(prisma.billingAccount.create({ data: { id: newId("billingAccount"), orgId: org.id } })).rejects.toMatchObject(uniqueViolation);

    const event = { orgId: org.id, eventId: "evt-1", clusterId: "clu_x", dimension: "ingress_gib", quantity: new Prisma.Decimal("0.000000931322574615478515625"), eventTime: new Date() };
    await prisma.usageEvent.create({ data: event });
    await expect(prisma.usageEvent.create({ data: event })).rejects.toMatchObject(uniqueViolation);
    expect((await prisma.usageEvent.findFirstOrThrow()).quantity.toString()).toBe("9.31322574615478515625e-7");
    await prisma.usageHour.create({ data: { orgId: org.id, clusterId: "clu_x", dimension: "ingress_gib", hourStart: new Date(0), quantity: new Prisma.Decimal(1) } });
    await prisma.meterCursor.create({ data: { clusterId: "clu_x", spuId: 0, incarnation: "i1", series: "s", value: new Prisma.Decimal(10), readAt: new Date() } });
    await prisma.priceVersion.create({ data: { id: newId("priceVersion"), planId: "pro", dimension: "ingress_gib", effectiveFrom: new Date(0), price: { kind: "unit", unitPriceMinor: "9" } } });

    const grant = { orgId: org.id, kind: "onboarding" as const, category: "promotional", amountMinor: 75_000, priority: 10, effectiveAt: new Date(), scope: [], onceKey: `${org.id}:onboarding` };
    const created = await prisma.creditGrant.create({ data: { id: newId("creditGrant"), ...grant } });
    await expect(prisma.creditGrant.create({ data: { id: newId("creditGrant"), ...grant } })).rejects.toMatchObject(uniqueViolation);
    await prisma.onboardingRequest.create({
      data: { id: newId("onboardingRequest"), orgId: org.id, requestedById: "usr_x", workload: "IoT", volumes: "5 MB/s", contactTime: "mornings", status: "approved", grantId: created.id },
    });
    const entry = { grantId: created.id, invoiceId: "ivc_1", kind: "consume", amountMinor: -500, lineRef: "usage:ingress_gib:v1:0", at: new Date() };
    await prisma.creditLedgerEntry.create({ data: { id: newId("creditLedgerEntry"), ...entry } });
    await expect(prisma.creditLedgerEntry.create({ data: { id: newId("creditLedgerEntry"), ...entry } })).rejects.toMatchObject(uniqueViolation);
    await prisma.budgetAlert.create({ data: { orgId: org.id, periodStart: new Date(0), level: 50, spendMinor: 100, firedAt: new Date() } });
    const promotion = { code: "LAUNCH", amountMinor: 2_000, validDays: 30, createdById: "usr_x" };
    expect(await prisma.promotionCode.create({ data: promotion })).toMatchObject({ redeemableUntil: null, maxRedemptions: null, createdAt: expect.any(Date) });
    await expect(prisma.promotionCode.create({ data: promotion })).rejects.toMatchObject(uniqueViolation);

    const period = { orgId: org.id, periodStart: new Date(0), periodEnd: new Date(hour), subtotalMinor: 500, creditsMinor: -500, totalMinor: 0 };
    const invoice = await prisma.invoice.create({
      data: { id: newId("invoice"), ...period, lines: { create: [{ id: newId("invoiceLine"), position: 0, kind: "usage", amountMinor: 500, description: "ingress" }] } },
    });
    expect(invoice).toMatchObject({ status: "draft", reconciliation: "pending" });
    await expect(prisma.invoice.create({ data: { id: newId("invoice"), ...period } })).rejects.toMatchObject(uniqueViolation);
    const outbox = { orgId: org.id, invoiceId: invoice.id, kind: "invoice_item", idempotencyKey: `${invoice.id}:item:0`, payload: {} };
    await prisma.billingOutbox.create({ data: { id: newId("billingOutbox"), ...outbox } });
    await expect(prisma.billingOutbox.create({ data: { id: newId("billingOutbox"), ...outbox } })).rejects.toMatchObject(uniqueViolation);
    await prisma.stripeEvent.create({ data: { id: "evt_1", type: "invoice.paid", stripeCreatedAt: new Date(), payload: {} } });
    const point = { clusterId: "clu_x", resolution: "raw", at: new Date(hour), data: { storageBytes: 10 }, counters: { spus: {} } };
    expect(await prisma.clusterMetricPoint.create({ data: point })).toMatchObject({ data: { storageBytes: 10 } });
    await expect(prisma.clusterMetricPoint.create({ data: point })).rejects.toMatchObject(uniqueViolation);
    expect(await prisma.clusterMetricPoint.create({ data: { clusterId: "clu_x", resolution: "5m", at: new Date(hour), data: {} } })).toMatchObject({ counters: null });

    await prisma.invoice.delete({ where: { id: invoice.id } });
    expect(await prisma.invoiceLine.count()).toBe(0);
    // A grant with ledger entries cannot vanish: the ledger is history.
    await expect(prisma.creditGrant.delete({ where: { id: created.id } })).rejects.toThrow();
  });

  it("connectors: unique name per cluster, desired state and status, gone with their cluster", async () => {
    const org = await prisma.organization.create({ data: { id: newId("organization"), name: "Pipes", slug: "pipes", createdAt: new Date() } });
    const cluster = await prisma.cluster.create({ data: { id: newId("cluster"), orgId: org.id, name: "prod", region: "local", plan: "free", spuCount: 1, partitionsLimit: 10 } });
    const other = await prisma.cluster.create({ data: { id: newId("cluster"), orgId: org.id, name: "dev", region: "local", plan: "free", spuCount: 1, partitionsLimit: 10 } });
    const fields = { orgId: org.id, name: "webhooks", type: "http-source", kind: "source" as const, config: "name: webhooks\ntype: http-source\n" };
    const created = await prisma.connector.create({ data: { id: newId("connector"), clusterId: cluster.id, ...fields } });
    expect(created).toMatchObject({ desiredState: "running", generation: 0, status: "Pending", statusReason: null, metrics: null, logTail: null, deletedAt: null });
    expect(created.id).toMatch(/^con_[0-9a-z]{26}$/);
    await expect(prisma.connector.create({ data: { id: newId("connector"), clusterId: cluster.id, ...fields } })).rejects.toMatchObject(uniqueViolation);
    await prisma.connector.create({ data: { id: newId("connector"), clusterId: other.id, ...fields } });
    await expect(prisma.connector.create({ data: { id: newId("connector"), clusterId: cluster.id, ...fields, name: "x", kind: "both" as never } })).rejects.toThrow();

    const failed = await prisma.connector.update({
      where: { clusterId_name: { clusterId: cluster.id, name: "webhooks" } },
      data: {
        desiredState: "stopped",
        generation: { increment: 1 },
        status: "Failed",
        statusReason: "the target refused the login",
        metrics: { recordsIn: 3, errors: 1 },
        observedAt: new Date(),
        logTail: "line",
      },
    });
    expect([failed.desiredState, failed.generation, failed.status, failed.metrics]).toEqual(["stopped", 1, "Failed", { recordsIn: 3, errors: 1 }]);
    const loaded = await prisma.cluster.findUniqueOrThrow({ where: { id: cluster.id }, include: { connectors: true } });
    expect(loaded.connectors.map((c) => [c.name, c.status])).toEqual([["webhooks", "Failed"]]);

    await prisma.cluster.delete({ where: { id: cluster.id } });
    expect(await prisma.connector.count({ where: { orgId: org.id } })).toBe(1);
    await prisma.organization.delete({ where: { id: org.id } });
    expect(await prisma.connector.count()).toBe(0);
  });

  it("dataflows: unique name per cluster, status and the runtime's last word, gone with their cluster", async () => {
    const org = await prisma.organization.create({ data: { id: newId("organization"), name: "Flows", slug: "flows", createdAt: new Date() } });
    const cluster = await prisma.cluster.create({ data: { id: newId("cluster"), orgId: org.id, name: "prod", region: "local", plan: "free", spuCount: 1, partitionsLimit: 10 } });
    const other = await prisma.cluster.create({ data: { id: newId("cluster"), orgId: org.id, name: "dev", region: "local", plan: "free", spuCount: 1, partitionsLimit: 10 } });
    const fields = { orgId: org.id, name: "hot-items", document: "apiVersion: freshet.io/v1\nkind: Dataflow\nname: hot-items\n" };
    const created = await prisma.dataflow.create({ data: { id: newId("dataflow"), clusterId: cluster.id, ...fields } });
    expect(created).toMatchObject({ generation: 0, status: "Pending", statusReason: null, runtimeStatus: null, endpoint: null, logTail: null, deletedAt: null });
    expect(created.id).toMatch(/^dfl_[0-9a-z]{26}$/);
    await expect(prisma.dataflow.create({ data: { id: newId("dataflow"), clusterId: cluster.id, ...fields } })).rejects.toMatchObject(uniqueViolation);
    await prisma.dataflow.create({ data: { id: newId("dataflow"), clusterId: other.id, ...fields } });

    const running = await prisma.dataflow.update({
      where: { clusterId_name: { clusterId: cluster.id, name: "hot-items" } },
      data: { generation: { increment: 1 }, status: "Running", runtimeStatus: { state: "running", operators: [] }, endpoint: "127.0.0.1:4000", observedAt: new Date() },
    });
    expect([running.generation, running.status, running.runtimeStatus, running.endpoint]).toEqual([1, "Running", { state: "running", operators: [] }, "127.0.0.1:4000"]);
    await expect(prisma.dataflow.update({ where: { id: running.id }, data: { status: "Stopped" as never } })).rejects.toThrow();

    await prisma.cluster.delete({ where: { id: cluster.id } });
    expect(await prisma.dataflow.count({ where: { orgId: org.id } })).toBe(1);
    await prisma.organization.delete({ where: { id: org.id } });
    expect(await prisma.dataflow.count()).toBe(0);
  });

  it("pipelines: unique name per cluster, versions unique per pipeline, components linked back, gone with their cluster", async () => {
    const org = await prisma.organization.create({ data: { id: newId("organization"), name: "Lines", slug: "lines", createdAt: new Date() } });
    const user = await prisma.user.create({ data: { id: newId("user"), name: "Pip", email: "pip@example.com" } });
    const cluster = await prisma.cluster.create({ data: { id: newId("cluster"), orgId: org.id, name: "prod", region: "local", plan: "free", spuCount: 1, partitionsLimit: 10 } });
    const fields = { orgId: org.id, clusterId: cluster.id, name: "sensors", draft: "name: sensors\n", draftSavedAt: new Date() };
    const pipeline = await prisma.pipeline.create({ data: { id: newId("pipeline"), ...fields } });
    expect(pipeline).toMatchObject({ status: "Draft", statusReason: null, currentVersion: null, lastVersion: 0, runObservation: null, deletedAt: null });
    expect(pipeline.id).toMatch(/^pip_[0-9a-z]{26}$/);
    await expect(prisma.pipeline.create({ data: { id: newId("pipeline"), ...fields } })).rejects.toMatchObject(uniqueViolation);

    const version = { pipelineId: pipeline.id, version: 1, yaml: "name: sensors\n", compiled: { topics: [], connectors: [] }, deployedById: user.id };
    const v1 = await prisma.pipelineVersion.create({ data: { id: newId("pipelineVersion"), ...version } });
    expect(v1).toMatchObject({ restoredFrom: null, deployedById: user.id });
    await expect(prisma.pipelineVersion.create({ data: { id: newId("pipelineVersion"), ...version } })).rejects.toMatchObject(uniqueViolation);
    await prisma.pipelineVersion.create({ data: { id: newId("pipelineVersion"), ...version, version: 2, restoredFrom: 1 } });
    await prisma.user.delete({ where: { id: user.id } });
    expect((await prisma.pipelineVersion.findMany({ where: { pipelineId: pipeline.id }, orderBy: { version: "asc" } })).map((v) => [v.version, v.deployedById, v.restoredFrom])).toEqual([
      [1, null, null],
      [2, null, 1],
    ]);

    const connector = await prisma.connector.create({
      data: { id: newId("connector"), orgId: org.id, clusterId: cluster.id, name: "sensors-readings", type: "mqtt-source", kind: "source", config: "", pipelineId: pipeline.id },
    });
    const dataflow = await prisma.dataflow.create({ data: { id: newId("dataflow"), orgId: org.id, clusterId: cluster.id, name: "sensors", document: "", pipelineId: pipeline.id } });
    const loaded = await prisma.pipeline.findUniqueOrThrow({ where: { id: pipeline.id }, include: { connectors: true, dataflows: true } });
    expect([loaded.connectors.map((c) => c.id), loaded.dataflows.map((d) => d.id)]).toEqual([[connector.id], [dataflow.id]]);

    await prisma.pipeline.delete({ where: { id: pipeline.id } });
    expect(await prisma.pipelineVersion.count({ where: { pipelineId: pipeline.id } })).toBe(0);
    expect((await prisma.connector.findUniqueOrThrow({ where: { id: connector.id } })).pipelineId).toBeNull();
    await prisma.pipeline.create({ data: { id: newId("pipeline"), ...fields } });
    await prisma.cluster.delete({ where: { id: cluster.id } });
    expect(await prisma.pipeline.count({ where: { orgId: org.id } })).toBe(0);
  });

  it("alerts: rules with samples, events with one delivery per transition, one webhook per org, gone with their cluster", async () => {
    const org = await prisma.organization.create({ data: { id: newId("organization"), name: "Watcher", slug: "watcher", createdAt: new Date() } });
    const clusterId = newId("cluster");
    await prisma.cluster.create({ data: { id: clusterId, orgId: org.id, name: "watched", region: "local", plan: "pro", spuCount: 1, partitionsLimit: 10 } });
    const rule = await prisma.alertRule.create({
      data: { id: newId("alertRule"), orgId: org.id, clusterId, name: "orders stalled", target: { kind: "topic", topic: "orders" }, kind: "stalled", windowSeconds: 300 },
    });
    expect(rule).toMatchObject({ enabled: true, state: "ok", params: {}, samples: [], lastEvaluatedAt: null });
    const event = await prisma.alertEvent.create({ data: { id: newId("alertEvent"), orgId: org.id, ruleId: rule.id, firedAt: new Date(), value: 300, summary: "No records for 5 minutes." } });
    const delivery = { eventId: event.id, transition: "fired", url: "https://example.com/hook", nextAttemptAt: new Date() };
    await prisma.alertDelivery.create({ data: { id: newId("alertDelivery"), ...delivery } });
    await expect(prisma.alertDelivery.create({ data: { id: newId("alertDelivery"), ...delivery } })).rejects.toMatchObject(uniqueViolation);
    await prisma.alertWebhook.create({ data: { orgId: org.id, url: "https://example.com/hook", secretCreatedAt: new Date() } });
    await expect(prisma.alertWebhook.create({ data: { orgId: org.id, url: "https://example.com/other", secretCreatedAt: new Date() } })).rejects.toMatchObject(uniqueViolation);

    await prisma.cluster.delete({ where: { id: clusterId } });
    expect([await prisma.alertRule.count(), await prisma.alertEvent.count(), await prisma.alertDelivery.count()]).toEqual([0, 0, 0]);
  });

  it("hub: groups claimed once, packages unique per group and searchable, versions never taken twice, downloads per day, key scopes", async () => {
    const org = await prisma.organization.create({ data: { id: newId("organization"), name: "Acme Hub", slug: "acme-hub", createdAt: new Date() } });
    const user = await prisma.user.create({ data: { id: newId("user"), name: "Pub", email: "pub@example.com" } });
    const key = await prisma.apiKey.create({ data: { id: newId("apiKey"), orgId: org.id, name: "ci", start: "fsk_hub", hash: "hub-hash", scopes: ["hub:publish"] } });
    expect(key.scopes).toEqual(["hub:publish"]);
    const plain = await prisma.apiKey.create({ data: { id: newId("apiKey"), orgId: org.id, name: "plain", start: "fsk_pla", hash: "plain-hash" } });
    expect(plain.scopes).toEqual([]);
    const cluster = await prisma.cluster.create({ data: { id: newId("cluster"), orgId: org.id, name: "hubbed", region: "local", plan: "free", spuCount: 1, partitionsLimit: 10 } });
    expect(cluster.hubAutoUpdate).toBe(false);

    const group = await prisma.hubGroup.create({ data: { id: newId("hubGroup"), name: "acme", orgId: org.id } });
    await expect(prisma.hubGroup.create({ data: { id: newId("hubGroup"), name: "acme", orgId: org.id } })).rejects.toMatchObject(uniqueViolation);
    const hubKey = await prisma.hubKey.create({ data: { id: "3fa1".padEnd(32, "0"), orgId: org.id, name: "laptop", publicKeyPem: "-----BEGIN PUBLIC KEY-----", createdById: user.id } });
    expect(hubKey.revokedAt).toBeNull();

    const fields = { groupId: group.id, name: "hot-filter", kind: "smartmodule", visibility: "public", description: "Keeps the hottest sensor readings", keywords: ["temperature", "iot"] };
    const pkg = await prisma.hubPackage.create({ data: { id: newId("hubPackage"), ...fields } });
    expect(pkg).toMatchObject({ takenDownAt: null, takenDownReason: null });
    await expect(prisma.hubPackage.create({ data: { id: newId("hubPackage"), ...fields } })).rejects.toMatchObject(uniqueViolation);
    await prisma.hubPackage.create({ data: { id: newId("hubPackage"), ...fields, name: "cold", description: "Unrelated", keywords: [] } });
    const search = async (q: string) =>
      (await prisma.$queryRaw<{ name: string }[]>`SELECT name FROM hub_package WHERE search @@ websearch_to_tsquery('english', ${q}) ORDER BY name`).map((r) => r.name);
    expect(await search("sensors")).toEqual(["hot-filter"]);
    expect(await search("temperatures")).toEqual(["hot-filter"]);
    expect(await search("filter")).toEqual(["hot-filter"]);
    await prisma.hubPackage.update({ where: { id: pkg.id }, data: { description: "Drops cold readings" } });
    expect(await search("sensors")).toEqual([]);

    const version = { packageId: pkg.id, version: "1.2.0", manifest: { group: "acme" }, readme: "# hot", digest: "a".repeat(64), sizeBytes: 10, bundle: {}, keyId: hubKey.id, publishedById: user.id };
    const v = await prisma.hubVersion.create({ data: { id: newId("hubVersion"), ...version } });
    expect(v).toMatchObject({ yankedAt: null, yankReason: null });
    await expect(prisma.hubVersion.create({ data: { id: newId("hubVersion"), ...version } })).rejects.toMatchObject(uniqueViolation);

    const day = new Date("2026-12-08T00:00:00Z");
    await prisma.hubDownloadDay.upsert({ where: { packageId_day: { packageId: pkg.id, day } }, create: { packageId: pkg.id, day, count: 1 }, update: { count: { increment: 1 } } });
    await prisma.hubDownloadDay.upsert({ where: { packageId_day: { packageId: pkg.id, day } }, create: { packageId: pkg.id, day, count: 1 }, update: { count: { increment: 1 } } });
    expect((await prisma.hubDownloadDay.findMany()).map((d) => [d.day.toISOString(), d.count])).toEqual([["2026-12-08T00:00:00.000Z", 2]]);

    await prisma.organization.delete({ where: { id: org.id } });
    expect([await prisma.hubGroup.count(), await prisma.hubKey.count(), await prisma.hubPackage.count(), await prisma.hubVersion.count(), await prisma.hubDownloadDay.count()]).toEqual([
      0, 0, 0, 0, 0,
    ]);
  });
});
