import { z } from "zod";

/** What a mapped column takes from a record: record metadata, or a dot path into its JSON value. */
const columnSource = z
  .string()
  .min(1)
  .regex(/^(\$(key|topic|partition|offset|timestamp|value)|[^.$][^.]*(\.[^.]+)*)$/, "must be a dot path into the JSON value (order.id) or one of $key, $topic, $partition, $offset, $timestamp, $value")
  .describe(
    "Where the column's value comes from: a dot path into the record's JSON value (order.id, items.0.sku), or $key (text), $topic, $partition, $offset, $timestamp (timestamptz) or $value (the whole value as JSON).",
  );

const identifier = z.string().min(1).max(63).describe("A column name, used as written (quoted, so case matters).");

export const postgresSinkConfig = z
  .strictObject({
    url: z.string().min(1).describe("PostgreSQL connection string, e.g. postgres://user:password@host:5432/database."),
    table: z
      .string()
      .regex(/^[^."]{1,63}(\.[^."]{1,63})?$/, "must be a table name or schema.table, without quotes")
      .describe("The table rows go to, optionally schema-qualified (analytics.orders); names are quoted, so they must match the table's case exactly."),
    mode: z
      .enum(["insert", "upsert"])
      .default("insert")
      .describe(
        "insert: every record becomes a new row (at-least-once: a record delivered again after a failure is inserted again). upsert: INSERT … ON CONFLICT (keyColumns) DO UPDATE, so redelivery rewrites the same row (exactly-once per key).",
      ),
    keyColumns: z.array(identifier).min(1).optional().describe("Upsert only: the columns of the table's primary key or a unique constraint that identify a row."),
    columns: z
      .record(identifier, columnSource)
      .refine((c) => Object.keys(c).length > 0, "map at least one column")
      .describe("Column name → where its value comes from in each record."),
  })
  .refine((c) => c.mode !== "upsert" || c.keyColumns !== undefined, { message: "upsert needs keyColumns (the primary key or a unique constraint)", path: ["keyColumns"] })
  .refine((c) => (c.keyColumns ?? []).every((k) => Object.hasOwn(c.columns, k)), { message: "every key column must also be in columns", path: ["keyColumns"] });

export type PostgresSinkConfig = z.infer<typeof postgresSinkConfig>;
