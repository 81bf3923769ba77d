import { z } from "zod";
import { listPartitionOffsets } from "@freshet/client/cluster/list-offsets";
import { MESSAGE_PAGE_SIZE_DEFAULT, MESSAGE_PAGE_SIZE_MAX, MESSAGE_SCAN_LIMIT, topicNameSchema } from "@freshet/control-plane/topic-limits";
import { AppError } from "../errors.js";
import { kafkaRangeReader } from "../tenant/kafka-range-reader.js";
import { browsePage, type BrowseOrder } from "../tenant/message-browser.js";
import { withTenant } from "../tenant/with-tenant.js";
import { orgProcedure } from "../trpc.js";
import { clusterInOrg, runningEndpoint } from "./cluster-view.js";
import { id } from "./schemas.js";

const offset = z.number().int().min(0, "An offset is 0 or more.").max(Number.MAX_SAFE_INTEGER);

/** Where the first page starts: the edge the order starts from (the end newest first, the log start oldest first), an offset, or the first record at or after a time. */
const seek = z.discriminatedUnion("kind", [
  z.object({ kind: z.literal("edge") }),
  z.object({ kind: z.literal("offset"), offset }),
  z.object({ kind: z.literal("timestamp"), timestamp: z.number().int().min(0, "Choose a time after 1970.").max(Number.MAX_SAFE_INTEGER) }),
]);

const position = z.object({ partition: z.number().int().min(0), position: offset });

const browsedRecord = z.object({
  partition: z.number().int(),
  offset: z.number().int(),
  timestamp: z.number().int(),
  key: z.string().nullable(),
  value: z.string().nullable(),
  headers: z.array(z.object({ key: z.string(), value: z.string().nullable() })),
});

export const messagesProcedure = orgProcedure
  .input(
    z.object({
      clusterId: id,
      topic: topicNameSchema,
      /** null: every partition. */
      partition: z.number().int().min(0, "A partition number is 0 or more.").nullable(),
      order: z.enum(["newest-first", "oldest-first"]),
      seek,
      /** The `next` of the previous page; it replaces `seek`. */
      cursor: z.array(position).max(10_000).nullable().default(null),
      pageSize: z.number().int().min(1, "Show at least 1 record per page.").max(MESSAGE_PAGE_SIZE_MAX, `A page shows at most ${MESSAGE_PAGE_SIZE_MAX} records.`).default(MESSAGE_PAGE_SIZE_DEFAULT),
      filter: z.object({ key: z.string().max(4096).optional(), contains: z.string().max(1024).optional() }).default({}),
    }),
  )
  .output(
    z.object({
      records: z.array(browsedRecord),
      next: z.array(position).nullable(),
      /** Records read for this page, matching or not, and the most a page reads. */
      scanned: z.number().int(),
      scanLimit: z.number().int(),
      /** The offsets read per partition, [from, to). */
      ranges: z.array(z.object({ partition: z.number().int(), from: z.number().int(), to: z.number().int() })),
    }),
  )
  .query(async ({ ctx, input, signal }) => {
    const endpoint = runningEndpoint(await clusterInOrg(ctx.prisma, ctx.org.id, input.clusterId));
    return withTenant(
      ctx.tenants,
      endpoint,
      async (client) => {
        const info = await client.cluster.retry(() => client.cluster.topic(input.topic, { refresh: true }));
        const all = info.partitions.map((p) => p.partition).sort((a, b) => a - b);
        if (input.partition !== null && !all.includes(input.partition)) {
          throw new AppError(
            "invalid-request",
            `Topic "${input.topic}" has ${all.length === 1 ? "1 partition (0)" : `${all.length} partitions (0 to ${all.length - 1})`}; there is no partition ${input.partition}.`,
          );
        }
        const partitions = input.partition === null ? all : [input.partition];
        const [earliest, latest] = await Promise.all([
          listPartitionOffsets(client.cluster, input.topic, partitions, "earliest"),
          listPartitionOffsets(client.cluster, input.topic, partitions, "latest"),
        ]);
        const bounds = new Map(partitions.map((p) => [p, { earliest: earliest.get(p)!, latest: latest.get(p)! }]));
        const order: BrowseOrder = input.order;
        const positions = new Map<number, number>();
        if (input.cursor !== null) {
          for (const { partition, position } of input.cursor) if (bounds.has(partition)) positions.set(partition, position);
        } else if (input.seek.kind === "offset") {
          // Newest first reads down from the offset, the record at it included.
          for (const p of partitions) positions.set(p, order === "oldest-first" ? input.seek.offset : input.seek.offset + 1);
        } else if (input.seek.kind === "timestamp") {
          // ListOffsets by time: the first record at or after it, or -1 when every record is older.
          const found = await listPartitionOffsets(client.cluster, input.topic, partitions, { timestamp: input.seek.timestamp });
          for (const p of partitions) {
            const at = found.get(p) ?? -1;
            const end = latest.get(p)!;
            positions.set(p, at < 0 ? end : order === "oldest-first" ? at : at + 1);
          }
        }
        const page = await browsePage(kafkaRangeReader(client, input.topic, signal), { order, positions, bounds, pageSize: input.pageSize, scanLimit: MESSAGE_SCAN_LIMIT, filter: input.filter });
        return {
          records: page.records.map((r) => ({ ...r, headers: [...r.headers] })),
          next: page.next === null ? null : [...page.next].map(([partition, position]) => ({ partition, position })),
          scanned: page.scanned,
          scanLimit: MESSAGE_SCAN_LIMIT,
          ranges: page.ranges,
        };
      },
      input.topic,
    );
  });
