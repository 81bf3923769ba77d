import { createPublicKey } from "node:crypto";
import { z } from "zod";
import { Prisma, type HubVersion } from "@freshet/db/client";
import { newId } from "@freshet/db/ids";
import { keyIdOf, publicKeyProblem } from "@freshet/hub/signing";
import { resolveVersion } from "@freshet/hub/resolve";
import { AppError } from "../errors.js";
import { artifactPath, ownPackage, refOf, refuseTakenDown, utcDay, versionForRange, visiblePackage } from "../hub/hub-packages.js";
import { optionalOrgProcedure, orgAdminProcedure, orgProcedure, router } from "../trpc.js";
import { hubInstallProcedures } from "./hub-install.js";
import { hubGroupName, hubKind, hubRange, hubReason, hubVersion, packageInput } from "./hub-schemas.js";
import { iso, isoDate } from "./schemas.js";

const DAY_MS = 86_400_000;
/** Download counts cover today and the 29 days before (UTC). */
const WINDOW_DAYS = 30;
const windowStart = (now: Date): Date => utcDay(new Date(now.getTime() - (WINDOW_DAYS - 1) * DAY_MS));
const dayText = (day: Date): string => day.toISOString().slice(0, 10);

const isUniqueViolation = (error: unknown): boolean => error instanceof Prisma.PrismaClientKnownRequestError && error.code === "P2002";

/** The version `*` installs, else the newest published that is not yanked (a package of prereleases only). */
function latestOf(versions: readonly Pick<HubVersion, "version" | "yankedAt">[]): string | null {
  const live = versions.filter((v) => v.yankedAt === null);
  return (
    resolveVersion(
      live.map((v) => ({ version: v.version, yanked: false })),
      "*",
    ) ??
    live.at(-1)?.version ??
    null
  );
}

const searchRow = z.object({
  group: z.string(),
  name: z.string(),
  kind: hubKind,
  description: z.string(),
  keywords: z.array(z.string()),
  latestVersion: z.string().nullable(),
  visibility: z.enum(["public", "private"]),
  downloads30d: z.number().int(),
});

const versionRow = z.object({
  version: z.string(),
  publishedAt: isoDate,
  digest: z.string(),
  sizeBytes: z.number().int(),
  keyId: z.string(),
  yanked: z.object({ reason: z.string(), at: isoDate }).nullable(),
});

const packageOutput = z.object({
  group: z.string(),
  name: z.string(),
  kind: hubKind,
  visibility: z.enum(["public", "private"]),
  description: z.string(),
  keywords: z.array(z.string()),
  ownedByMe: z.boolean(),
  takenDown: z.object({ reason: z.string() }).nullable(),
  latest: z.string().nullable(),
  readme: z.string(),
  /** The manifest of `latest` (or of the newest version when every one is yanked). */
  manifest: z.record(z.string(), z.unknown()),
  versions: z.array(versionRow),
  downloadsPerDay: z.array(z.object({ day: z.string(), count: z.number().int() })),
  repository: z.string().nullable(),
  license: z.string(),
});

const resolveOutput = z.object({
  version: z.string(),
  digest: z.string(),
  sizeBytes: z.number().int(),
  manifest: z.record(z.string(), z.unknown()),
  bundle: z.record(z.string(), z.unknown()),
  publicKeyPem: z.string(),
  keyId: z.string(),
  yanked: z.object({ reason: z.string() }).nullable(),
  artifactPath: z.string(),
});

const keyOutput = z.object({ keyId: z.string(), name: z.string(), publicKeyPem: z.string(), createdBy: z.string().nullable(), createdAt: isoDate, revokedAt: isoDate.nullable() });

const yankInput = packageInput.extend({ version: hubVersion });

const asObject = (value: Prisma.JsonValue): Record<string, unknown> => (typeof value === "object" && value !== null && !Array.isArray(value) ? value : {});
const visibilityOf = (value: string) => z.enum(["public", "private"]).parse(value);

/** An Ed25519 public key in the one PEM spelling keyIdOf digests, or a plain refusal. */
function ed25519Pem(text: string): string {
  const problem = publicKeyProblem(text);
  if (problem !== null) throw new AppError("invalid-request", problem);
  return createPublicKey(text).export({ type: "spki", format: "pem" }).toString();
}

/**
 * The Hub: signed SmartModule and connector packages. Public packages are readable without login;
 * private ones only by their org (to others they do not exist). Publishing is the REST route
 * POST /api/hub/packages (http/hub-publish.ts); artifacts are served by http/hub-artifact.ts.
 */
export const hubRouter = router({
  search: optionalOrgProcedure
    .input(z.object({ q: z.string().trim().max(200).optional(), kind: hubKind.optional(), limit: z.number().int().min(1).max(100).default(20) }))
    .output(z.array(searchRow))
    .query(async ({ ctx, input }) => {
      const q = input.q === undefined || input.q === "" ? null : input.q;
      const text = q?.toLowerCase() ?? "";
      const tsQuery = Prisma.sql`websearch_to_tsquery('english', ${text})`;
      const conditions = [Prisma.sql`p."takenDownAt" IS NULL`, Prisma.sql`(p.visibility = 'public' OR g."orgId" = ${ctx.viewerOrg?.id ?? null})`];
      if (input.kind !== undefined) conditions.push(Prisma.sql`p.kind = ${input.kind}`);
      // Words match the full text; a group name or `group/name` matches as typed.
      if (q !== null) conditions.push(Prisma.sql`(p.search @@ ${tsQuery} OR g.name = ${text} OR g.name || '/' || p.name = ${text})`);
      const rank = q === null ? Prisma.sql`0` : Prisma.sql`ts_rank(p.search, ${tsQuery}) + CASE WHEN g.name || '/' || p.name = ${text} THEN 1 ELSE 0 END`;
      const rows = await ctx.prisma.$queryRaw<Array<{ id: string; group: string; name: string; kind: string; description: string; keywords: string[]; visibility: string; downloads30d: number }>>`
        SELECT p.id, g.name AS "group", p.name, p.kind, p.description, p.keywords, p.visibility,
          COALESCE((SELECT SUM(d.count) FROM hub_download_day d WHERE d."packageId" = p.id AND d.day >= ${dayText(windowStart(new Date()))}::date), 0)::int AS "downloads30d"
        FROM hub_package p JOIN hub_group g ON g.id = p."groupId"
        WHERE ${Prisma.join(conditions, " AND ")}
        ORDER BY (${rank})::float8 DESC, "downloads30d" DESC, g.name, p.name
        LIMIT ${input.limit}`;
      const versions = await ctx.prisma.hubVersion.findMany({
        where: { packageId: { in: rows.map((r) => r.id) } },
        select: { packageId: true, version: true, yankedAt: true },
        orderBy: { publishedAt: "asc" },
      });
      return rows.map((row) => ({
        group: row.group,
        name: row.name,
        kind: hubKind.parse(row.kind),
        description: row.description,
        keywords: row.keywords,
        latestVersion: latestOf(versions.filter((v) => v.packageId === row.id)),
        visibility: visibilityOf(row.visibility),
        downloads30d: row.downloads30d,
      }));
    }),

  package: optionalOrgProcedure
    .input(packageInput)
    .output(packageOutput)
    .query(async ({ ctx, input }) => {
      const pkg = await visiblePackage(ctx.prisma, input.group, input.name, ctx.viewerOrg?.id ?? null);
      const latest = latestOf(pkg.versions);
      const shown = pkg.versions.find((v) => v.version === latest) ?? pkg.versions.at(-1)!;
      const now = new Date();
      const start = windowStart(now);
      const days = await ctx.prisma.hubDownloadDay.findMany({ where: { packageId: pkg.id, day: { gte: start } } });
      const counts = new Map(days.map((d) => [dayText(d.day), d.count]));
      const manifest = asObject(shown.manifest);
      return {
        group: pkg.group.name,
        name: pkg.name,
        kind: hubKind.parse(pkg.kind),
        visibility: visibilityOf(pkg.visibility),
        description: pkg.description,
        keywords: pkg.keywords,
        ownedByMe: pkg.group.orgId === ctx.viewerOrg?.id,
        takenDown: pkg.takenDownAt === null ? null : { reason: pkg.takenDownReason ?? "" },
        latest,
        readme: shown.readme,
        manifest,
        versions: pkg.versions
          .map((v) => ({
            version: v.version,
            publishedAt: iso(v.publishedAt),
            digest: v.digest,
            sizeBytes: v.sizeBytes,
            keyId: v.keyId,
            yanked: v.yankedAt === null ? null : { reason: v.yankReason ?? "", at: iso(v.yankedAt) },
          }))
          .reverse(),
        downloadsPerDay: Array.from({ length: WINDOW_DAYS }, (_, i) => {
          const day = dayText(new Date(start.getTime() + i * DAY_MS));
          return { day, count: counts.get(day) ?? 0 };
        }),
        repository: typeof manifest.repository === "string" ? manifest.repository : null,
        license: typeof manifest.license === "string" ? manifest.license : "",
      };
    }),

  /** The version a range installs (never a yanked one unless asked for exactly), with what verifies it. */
  resolve: optionalOrgProcedure
    .input(packageInput.extend({ range: hubRange.default("*") }))
    .output(resolveOutput)
    .query(async ({ ctx, input }) => {
      const pkg = await visiblePackage(ctx.prisma, input.group, input.name, ctx.viewerOrg?.id ?? null);
      refuseTakenDown(pkg);
      const row = versionForRange(pkg, input.range);
      const key = await ctx.prisma.hubKey.findUniqueOrThrow({ where: { id: row.keyId } });
      return {
        version: row.version,
        digest: row.digest,
        sizeBytes: row.sizeBytes,
        manifest: asObject(row.manifest),
        bundle: asObject(row.bundle),
        publicKeyPem: key.publicKeyPem,
        keyId: row.keyId,
        yanked: row.yankedAt === null ? null : { reason: row.yankReason ?? "" },
        artifactPath: artifactPath(input.group, input.name, row.version),
      };
    }),

  groups: router({
    list: orgProcedure.output(z.array(z.object({ name: z.string(), createdAt: isoDate, packages: z.number().int() }))).query(async ({ ctx }) => {
      const groups = await ctx.prisma.hubGroup.findMany({ where: { orgId: ctx.org.id }, include: { _count: { select: { packages: true } } }, orderBy: { name: "asc" } });
      return groups.map((g) => ({ name: g.name, createdAt: iso(g.createdAt), packages: g._count.packages }));
    }),

    /** A group is claimed once, for good: its packages' names are theirs. */
    claim: orgAdminProcedure
      .input(z.object({ name: hubGroupName }))
      .output(z.object({ name: z.string(), createdAt: isoDate }))
      .mutation(async ({ ctx, input }) => {
        try {
          const group = await ctx.prisma.hubGroup.create({ data: { id: newId("hubGroup"), name: input.name, orgId: ctx.org.id } });
          await ctx.audit({ action: "hub.group.claim", targetType: "hub_group", targetId: group.id, metadata: { name: group.name } });
          return { name: group.name, createdAt: iso(group.createdAt) };
        } catch (error) {
          if (isUniqueViolation(error)) throw new AppError("already-exists", `The group ${input.name} is already claimed.`);
          throw error;
        }
      }),
  }),

  keys: router({
    list: orgProcedure.output(z.array(keyOutput)).query(async ({ ctx }) => {
      const keys = await ctx.prisma.hubKey.findMany({ where: { orgId: ctx.org.id }, include: { createdBy: { select: { email: true } } }, orderBy: { createdAt: "asc" } });
      return keys.map((k) => ({
        keyId: k.id,
        name: k.name,
        publicKeyPem: k.publicKeyPem,
        createdBy: k.createdBy?.email ?? null,
        createdAt: iso(k.createdAt),
        revokedAt: k.revokedAt === null ? null : iso(k.revokedAt),
      }));
    }),

    /** An Ed25519 public key whose signatures the org's publishes may carry. */
    register: orgAdminProcedure
      .input(z.object({ name: z.string().trim().min(1).max(80), publicKeyPem: z.string().min(1).max(4_000) }))
      .output(z.object({ keyId: z.string(), name: z.string() }))
      .mutation(async ({ ctx, input }) => {
        const publicKeyPem = ed25519Pem(input.publicKeyPem);
        const keyId = keyIdOf(publicKeyPem);
        try {
          await ctx.prisma.hubKey.create({ data: { id: keyId, orgId: ctx.org.id, name: input.name, publicKeyPem, createdById: ctx.actor.user.id } });
        } catch (error) {
          if (isUniqueViolation(error)) throw new AppError("already-exists", `The key ${keyId} is already registered.`);
          throw error;
        }
        await ctx.audit({ action: "hub.key.register", targetType: "hub_key", targetId: keyId, metadata: { name: input.name } });
        return { keyId, name: input.name };
      }),

    /** Publishing stops accepting its signatures; versions it signed keep naming it. */
    revoke: orgAdminProcedure
      .input(z.object({ keyId: z.string().min(1).max(64) }))
      .output(z.object({ keyId: z.string(), revokedAt: isoDate }))
      .mutation(async ({ ctx, input }) => {
        const key = await ctx.prisma.hubKey.findFirst({ where: { id: input.keyId, orgId: ctx.org.id } });
        if (key === null) throw new AppError("not-found", `Your organization has no key ${input.keyId}.`);
        const revoked = key.revokedAt !== null ? key : await ctx.prisma.hubKey.update({ where: { id: key.id }, data: { revokedAt: new Date() } });
        await ctx.audit({ action: "hub.key.revoke", targetType: "hub_key", targetId: key.id, metadata: { name: key.name } });
        return { keyId: key.id, revokedAt: iso(revoked.revokedAt!) };
      }),
  }),

  /** Keeps a version out of range resolutions; an exact install still finds it, with the reason. */
  yank: orgProcedure
    .input(yankInput.extend({ reason: hubReason }))
    .output(z.object({ version: z.string(), yanked: z.boolean() }))
    .mutation(async ({ ctx, input }) => {
      const row = await ownVersion(ctx, input);
      await ctx.prisma.hubVersion.update({ where: { id: row.id }, data: { yankedAt: row.yankedAt ?? new Date(), yankReason: input.reason } });
      await ctx.audit({ action: "hub.yank", targetType: "hub_version", targetId: row.id, metadata: { package: refOf(input.group, input.name), version: input.version, reason: input.reason } });
      return { version: input.version, yanked: true };
    }),

  unyank: orgProcedure
    .input(yankInput)
    .output(z.object({ version: z.string(), yanked: z.boolean() }))
    .mutation(async ({ ctx, input }) => {
      const row = await ownVersion(ctx, input);
      await ctx.prisma.hubVersion.update({ where: { id: row.id }, data: { yankedAt: null, yankReason: null } });
      await ctx.audit({ action: "hub.unyank", targetType: "hub_version", targetId: row.id, metadata: { package: refOf(input.group, input.name), version: input.version } });
      return { version: input.version, yanked: false };
    }),

  /** The org's packages with their download counts. */
  mine: orgProcedure
    .output(z.array(searchRow.extend({ downloadsTotal: z.number().int(), versions: z.number().int(), takenDown: z.object({ reason: z.string() }).nullable() })))
    .query(async ({ ctx }) => {
      const packages = await ctx.prisma.hubPackage.findMany({
        where: { group: { orgId: ctx.org.id } },
        include: { group: true, versions: { select: { version: true, yankedAt: true }, orderBy: { publishedAt: "asc" } }, downloadDays: { select: { day: true, count: true } } },
      });
      const start = windowStart(new Date());
      return packages
        .map((p) => ({
          group: p.group.name,
          name: p.name,
          kind: hubKind.parse(p.kind),
          description: p.description,
          keywords: p.keywords,
          latestVersion: latestOf(p.versions),
          visibility: visibilityOf(p.visibility),
          downloads30d: p.downloadDays.filter((d) => d.day >= start).reduce((sum, d) => sum + d.count, 0),
          downloadsTotal: p.downloadDays.reduce((sum, d) => sum + d.count, 0),
          versions: p.versions.length,
          takenDown: p.takenDownAt === null ? null : { reason: p.takenDownReason ?? "" },
        }))
        .sort((a, b) => `${a.group}/${a.name}`.localeCompare(`${b.group}/${b.name}`));
    }),

  ...hubInstallProcedures,
});

async function ownVersion(ctx: { prisma: Parameters<typeof ownPackage>[0]; org: { id: string } }, input: z.infer<typeof yankInput>): Promise<HubVersion> {
  const pkg = await ownPackage(ctx.prisma, input.group, input.name, ctx.org.id);
  const row = pkg.versions.find((v) => v.version === input.version);
  if (row === undefined) throw new AppError("not-found", `${refOf(input.group, input.name)} has no version ${input.version}.`);
  return row;
}
