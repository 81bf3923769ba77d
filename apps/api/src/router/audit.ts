import { z } from "zod";
import { orgAdminProcedure, router } from "../trpc.js";
import { id, iso, isoDate } from "./schemas.js";

const PAGE_SIZE = 50;

const entryOutput = z.object({
  id,
  createdAt: isoDate,
  /** The person's email, or "API key <name> (<email>)" for changes made through a key. */
  actor: z.string(),
  action: z.string(),
  /** "type:id" of what was changed. */
  target: z.string().nullable(),
  ip: z.string().nullable(),
  metadata: z.record(z.string(), z.unknown()),
});

export const auditRouter = router({
  /** Newest first, PAGE_SIZE at a time; pass the previous page's nextCursor for the next one. */
  list: orgAdminProcedure
    .input(z.object({ cursor: id.nullish() }))
    .output(z.object({ entries: z.array(entryOutput), nextCursor: id.nullable() }))
    .query(async ({ ctx, input }) => {
      const rows = await ctx.prisma.auditLog.findMany({
        where: { orgId: ctx.org.id },
        include: { actorUser: true, actorApiKey: true },
        orderBy: [{ createdAt: "desc" }, { id: "desc" }],
        take: PAGE_SIZE + 1,
        ...(input.cursor ? { cursor: { id: input.cursor }, skip: 1 } : {}),
      });
      const page = rows.slice(0, PAGE_SIZE);
      return {
        entries: page.map((row) => {
          const email = row.actorUser?.email ?? "deleted user";
          return {
            id: row.id,
            createdAt: iso(row.createdAt),
            actor: row.actorApiKey ? `API key ${row.actorApiKey.name} (${email})` : email,
            action: row.action,
            target: `${row.targetType}:${row.targetId}`,
            ip: row.ip,
            metadata: (row.metadata ?? {}) as Record<string, unknown>,
          };
        }),
        nextCursor: rows.length > PAGE_SIZE ? page[page.length - 1]!.id : null,
      };
    }),
});
