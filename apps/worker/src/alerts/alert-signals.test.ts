import { createPrismaClient, type PrismaClient } from "@freshet/db/client";
import { newId } from "@freshet/db/ids";
import { createTestDatabase, type TestDatabase } from "@freshet/db/internal/test-database";
import { afterAll, beforeAll, expect, it } from "vitest";
import { tenantAlertSignals, type SignalRequest } from "./alert-signals.js";

// Connector and pipeline signals come from the rows the worker copies, so no cluster is opened for them.
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

const noCluster = {
  open: () => {
    throw new Error("no tenant client is needed for connector and pipeline signals");
  },
};

it("reads a connector's error counter, and a pipeline's: its live connectors' plus its dataflow operators'", async () => {
  const orgId = newId("organization");
  await prisma.organization.create({ data: { id: orgId, name: "Signals", slug: "signals", createdAt: new Date() } });
  const clusterId = newId("cluster");
  await prisma.cluster.create({ data: { id: clusterId, orgId, name: "prod", region: "local", plan: "pro", spuCount: 1, partitionsLimit: 10 } });
  const pipelineId = newId("pipeline");
  await prisma.pipeline.create({ data: { id: pipelineId, orgId, clusterId, name: "sensors", status: "Deployed" } });
  const connector = (name: string, errors: number | null, extra: { pipelineId?: string; deletedAt?: Date } = {}) =>
    prisma.connector.create({
      data: { id: newId("connector"), orgId, clusterId, name, type: "mqtt-source", kind: "source", config: "", metrics: errors === null ? undefined : { errors, recordsIn: 10 }, ...extra },
    });
  const alone = await connector("alone", 4);
  const silent = await connector("silent", null);
  await connector("sensors-readings", 3, { pipelineId });
  await connector("sensors-old", 100, { pipelineId, deletedAt: new Date() });
  const operator = { kind: "filter", recordsIn: 5, recordsOut: 5, watermark: null, stateEntries: 0, lateDropped: 0 };
  const runtimeStatus = {
    name: "sensors",
    state: "running",
    updatedAt: new Date().toISOString(),
    operators: [
      { ...operator, id: "hot", errors: 2 },
      { ...operator, id: "counts", errors: 5 },
    ],
  };
  await prisma.dataflow.create({ data: { id: newId("dataflow"), orgId, clusterId, name: "sensors", document: "", pipelineId, runtimeStatus } });

  const errorRate = { kind: "errorRate", maxPerMinute: 1 } as const;
  const requests: SignalRequest[] = [
    { ruleId: "r-connector", orgId, target: { kind: "connector", connectorId: alone.id }, condition: errorRate },
    { ruleId: "r-silent", orgId, target: { kind: "connector", connectorId: silent.id }, condition: errorRate },
    { ruleId: "r-pipeline", orgId, target: { kind: "pipeline", pipelineId }, condition: errorRate },
    { ruleId: "r-gone", orgId, target: { kind: "pipeline", pipelineId: "pip_gone" }, condition: errorRate },
    { ruleId: "r-other-org", orgId: "org_other", target: { kind: "connector", connectorId: alone.id }, condition: errorRate },
  ];
  const readings = await tenantAlertSignals(noCluster, prisma).read({ id: clusterId, bootstrapHost: "127.0.0.1", bootstrapPort: 1 }, requests);
  expect(Object.fromEntries(readings)).toEqual({
    "r-connector": { value: 4 },
    "r-silent": { error: "The connector has reported no counters yet." },
    "r-pipeline": { value: 3 + 2 + 5 },
    "r-gone": { error: "The pipeline no longer exists." },
    "r-other-org": { error: "The connector no longer exists." },
  });
});
