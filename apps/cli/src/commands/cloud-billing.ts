import type { Command } from "commander";
import { z } from "zod";
import { callApi } from "../cloud/api-client.js";
import type { CliContext } from "../context.js";
import { parseOptions } from "../options/zod-options.js";
import { formatMoney } from "../output/money.js";
import { formatTable } from "../output/table.js";
import { session } from "./cloud-cluster.js";

const usageSchema = z.object({
  month: z
    .string()
    .regex(/^\d{4}-(0[1-9]|1[0-2])$/, "must be a month as YYYY-MM, e.g. 2026-03")
    .optional(),
});

const day = (iso: string | null): string => (iso === null ? "never" : iso.slice(0, 10));

export function registerCloudBillingCommands(cloud: Command, context: CliContext): void {
  cloud
    .command("usage")
    .description("what the organization used this month (or --month), by dimension, with the cost so far")
    .option("--month <YYYY-MM>", "a past month's usage instead of this month's")
    .action(async (raw: Record<string, unknown>) => {
      const options = parseOptions(usageSchema, raw);
      const { settings, api } = await session(context);
      const usage = await callApi(settings, () => api.billing.usage.query({ month: options.month }));
      const summary = await callApi(settings, () => api.billing.summary.query());
      // Cost is rated for the open month only; past months are on their invoices.
      const current = summary.month === usage.month;
      const cost = new Map(summary.byDimension.map((line) => [line.dimension, formatMoney(line.amountMinor, summary.currency)]));
      const rows = usage.totals.map((t) => [t.dimension, t.quantity, t.unit, ...(current ? [cost.get(t.dimension) ?? formatMoney(0, summary.currency)] : [])]);
      const headers = ["DIMENSION", "QUANTITY", "UNIT", ...(current ? ["COST"] : [])];
      await context.stdout.write(`usage in ${usage.month}${current ? " (month to date)" : ""}\n${formatTable(headers, rows)}\n`);
      if (!current) return void (await context.stdout.write("cost of past months: see `freshet cloud invoices`\n"));
      const money = (minor: number) => formatMoney(minor, summary.currency);
      await context.stdout.write(
        `cost ${money(summary.subtotalMinor)}, credits ${money(summary.creditsMinor)}, due ${money(summary.dueMinor)}; forecast for the month ${money(summary.forecastMinor)}\n`,
      );
    });

  cloud
    .command("invoices")
    .description("the organization's invoices, newest first")
    .action(async () => {
      const { settings, api } = await session(context);
      const { invoices, standing } = await callApi(settings, () => api.billing.invoices.query());
      if (standing !== "good")
        await context.stdout.write(`payments: ${standing === "past_due" ? "past due — a payment failed" : "suspended for an unpaid invoice"}; update the payment method in the console\n`);
      if (invoices.length === 0) return void (await context.stdout.write("no invoices yet\n"));
      const rows = invoices.map((i) => [
        i.month,
        i.status,
        formatMoney(i.subtotalMinor, i.currency),
        formatMoney(i.creditsMinor, i.currency),
        formatMoney(i.totalMinor, i.currency),
        String(i.lines.length),
        i.hostedUrl ?? "-",
      ]);
      await context.stdout.write(`${formatTable(["MONTH", "STATUS", "SUBTOTAL", "CREDITS", "TOTAL", "LINES", "URL"], rows)}\n`);
    });

  cloud
    .command("credits")
    .description("the organization's credits and what is left of them")
    .action(async () => {
      const { settings, api } = await session(context);
      const credits = await callApi(settings, () => api.billing.credits.query());
      if (credits.length === 0) return void (await context.stdout.write("no credits\n"));
      const rows = credits.map((c) => [c.kind, formatMoney(c.amountMinor), formatMoney(c.balanceMinor), day(c.effectiveAt), `${day(c.expiresAt)}${c.expired ? " (expired)" : ""}`]);
      await context.stdout.write(`${formatTable(["KIND", "AMOUNT", "BALANCE", "FROM", "EXPIRES"], rows)}\n`);
    });
}
