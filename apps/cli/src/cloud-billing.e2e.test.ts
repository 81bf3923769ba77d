/*
 * `freshet cloud usage | invoices | credits` against the real API on a fresh database, through the
 * built CLI logged in with an API key.
 */
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { signUp, startTestApi, trpcClient, type TestApi } from "@freshet/api/internal/api-harness";
import { monthContaining } from "@freshet/billing-store/period";
import { ensureListPrices } from "@freshet/billing-store/price-book";
import { Prisma } from "@freshet/db/client";
import { newId } from "@freshet/db/ids";
import { runCli } from "./test-support/run-cli.js";

let home: string;
let api: TestApi;
let orgId: string;
let clusterId: string;
const month = monthContaining(Date.now());
const MONTH = new Date(month.start).toISOString().slice(0, 7);

async function usage(dimension: string, hourStart: number, quantity: string): Promise<void> {
  await api.prisma.usageHour.create({ data: { orgId, clusterId, dimension, hourStart: new Date(hourStart), quantity: new Prisma.Decimal(quantity) } });
}

beforeAll(async () => {
  home = await mkdtemp(join(tmpdir(), "freshet-cli-billing-"));
  api = await startTestApi();
  await ensureListPrices(api.prisma);
  const ada = trpcClient(api, { cookie: await signUp(api, "ada@example.com") });
  orgId = (await ada.orgs.create.mutate({ name: "Acme", slug: "acme" })).id;
  await ada.orgs.setActive.mutate({ organizationId: orgId });
  clusterId = (await ada.clusters.create.mutate({ name: "main", region: "local", plan: "pro" })).id;
  // This month: 30 GiB in (10 free, 20 at 6¢ = $1.20) and 2 SPU-hours (8¢). March: 12.5 GiB in.
  await usage("ingress_gib", month.start, "30");
  await usage("spu_hours", month.start, "2");
  await usage("ingress_gib", Date.UTC(2026, 2, 3), "12.5");
  const invoiceId = newId("invoice");
  await api.prisma.invoice.create({
    data: {
      id: invoiceId,
      orgId,
      periodStart: new Date(Date.UTC(2026, 2, 1)),
      periodEnd: new Date(Date.UTC(2026, 3, 1)),
      status: "paid",
      subtotalMinor: 15,
      creditsMinor: -15,
      totalMinor: 0,
      hostedUrl: "https://invoice.example/ivc",
      lines: { create: [{ id: newId("invoiceLine"), position: 0, kind: "usage", dimension: "ingress_gib", quantity: new Prisma.Decimal("12.5"), amountMinor: 15, description: "Ingress" }] },
    },
  });
  const key = await ada.apiKeys.create.mutate({ name: "laptop", role: "member" });
  const login = await runCli(home, ["cloud", "login", "--api-url", api.url], `${key.secret}\n`);
  expect(login.code).toBe(0);
}, 120_000);

afterAll(async () => {
  await api?.close();
  await rm(home, { recursive: true, force: true });
});

const cli = (args: readonly string[]) => runCli(home, args);

describe("freshet cloud billing", () => {
  it("prints this month's usage by dimension with its cost, credits and forecast", async () => {
    const run = await cli(["cloud", "usage"]);
    expect([run.code, run.stderr]).toEqual([0, ""]);
    const [title, header, ingress, egress, storage, partitions, cpu, spus, connectors, totals] = run.stdout.split("\n");
    expect(title).toBe(`usage in ${MONTH} (month to date)`);
    expect([header, ingress, egress, storage, partitions, cpu, spus, connectors]).toEqual([
      "DIMENSION                QUANTITY  UNIT             COST",
      "ingress_gib              30        GiB              $1.20",
      "egress_gib               0         GiB              $0.00",
      "storage_gib_hours        0         GiB-hours        $0.00",
      "partition_hours          0         partition-hours  $0.00",
      "smartmodule_cpu_seconds  0         CPU-seconds      $0.00",
      "spu_hours                2         SPU-hours        $0.08",
      "connector_hours          0         connector-hours  $0.00",
    ]);
    expect(totals).toMatch(/^cost \$1\.28, credits -\$1\.28, due \$0\.00; forecast for the month \$\d+\.\d\d$/);
  });

  it("prints a past month's quantities with --month, and refuses a month it cannot read", async () => {
    const run = await cli(["cloud", "usage", "--month", "2026-03"]);
    expect(run.stdout.split("\n").slice(0, 3)).toEqual(["usage in 2026-03", "DIMENSION                QUANTITY  UNIT", "ingress_gib              12.5      GiB"]);
    expect(run.stdout).toContain("cost of past months: see `freshet cloud invoices`\n");
    const bad = await cli(["cloud", "usage", "--month", "2026-13"]);
    expect([bad.code, bad.stderr]).toEqual([2, "freshet: invalid --month: must be a month as YYYY-MM, e.g. 2026-03\n"]);
  });

  it("lists invoices and credits as tables", async () => {
    const invoices = await cli(["cloud", "invoices"]);
    expect([invoices.code, invoices.stdout]).toEqual([
      0,
      ["MONTH    STATUS  SUBTOTAL  CREDITS  TOTAL  LINES  URL", "2026-03  paid    $0.15     -$0.15   $0.00  1      https://invoice.example/ivc", ""].join("\n"),
    ]);
    const credits = await cli(["cloud", "credits"]);
    const trial = await api.prisma.creditGrant.findFirstOrThrow({ where: { orgId } });
    expect([credits.code, credits.stdout]).toEqual([
      0,
      ["KIND   AMOUNT  BALANCE  FROM        EXPIRES", `trial  $50.00  $50.00   ${trial.effectiveAt.toISOString().slice(0, 10)}  ${trial.expiresAt!.toISOString().slice(0, 10)}`, ""].join("\n"),
    ]);
  });
});
