import { z } from "zod";
import type { FreshetClient } from "@freshet/client/client";
import { errorCode, KafkaProtocolError } from "@freshet/protocol/errors/error-codes";
import { SMARTMODULE_MAX_BYTES, smartModuleNameProblem, smartModuleVersionProblem } from "@freshet/control-plane/topic-limits";
import { AppError } from "../errors.js";
import { brokerReason } from "../tenant/tenant-errors.js";
import { chainOf, sourceOf, topicConfigs } from "../tenant/topic-inventory.js";
import { withTenant } from "../tenant/with-tenant.js";
import { orgProcedure, router } from "../trpc.js";
import { clusterInOrg, runningEndpoint } from "./cluster-view.js";
import { id } from "./schemas.js";

const moduleName = z.string().superRefine((name, ctx) => {
  const problem = smartModuleNameProblem(name);
  if (problem !== null) ctx.addIssue({ code: "custom", message: problem });
});
const moduleVersion = z.string().superRefine((version, ctx) => {
  const problem = smartModuleVersionProblem(version);
  if (problem !== null) ctx.addIssue({ code: "custom", message: problem });
});

const moduleRow = z.object({
  name: z.string(),
  version: z.string(),
  kind: z.string(),
  description: z.string().nullable(),
  params: z.array(z.object({ name: z.string(), type: z.string(), description: z.string().nullable(), default: z.string().nullable() })),
  sizeBytes: z.number().int(),
  digest: z.string(),
  loadedAt: z.number().int(),
  /** Where a module loaded from the hub came from (package, range it was installed by, signing key); null for a plain load. */
  provenance: z.object({ package: z.string(), range: z.string().nullable(), keyId: z.string() }).nullable(),
  /** Topics whose chain names this module: derived topics (filled from a source) and topics with a produce chain. */
  usedBy: z.array(z.object({ topic: z.string(), derived: z.boolean() })),
});

interface ModuleUse {
  readonly topic: string;
  readonly derived: boolean;
  /** The module as the chain names it: a step without a version means whichever version is newest. */
  readonly name: string;
  readonly version: string | null;
}

/** Every chain step of every topic, so a module's uses can be named. */
async function moduleUses(client: FreshetClient): Promise<ModuleUse[]> {
  const topics = await client.admin.listTopics();
  const configs = await topicConfigs(client, topics);
  return topics.flatMap((topic) => {
    const own = configs.get(topic);
    const derived = sourceOf(own) !== null;
    return chainOf(own).map((step) => {
      const at = step.module.lastIndexOf("@");
      return { topic, derived, name: at > 0 ? step.module.slice(0, at) : step.module, version: at > 0 ? step.module.slice(at + 1) : null };
    });
  });
}

const usesOf = (uses: readonly ModuleUse[], name: string, version: string) => uses.filter((use) => use.name === name && (use.version === null || use.version === version));

/** What the engine answers for a module it cannot take (not a component, not our world, a clashing version). */
const INVALID_REQUEST = errorCode("INVALID_REQUEST");
const WASM_MAGIC = [0x00, 0x61, 0x73, 0x6d];

/** Loading goes through the HTTP upload route (a .wasm is too large for a JSON call); see http/smartmodule-upload.ts. */
export const smartModuleUploadRouter = router({
  load: orgProcedure.input(z.object({ clusterId: id, name: moduleName, version: moduleVersion, component: z.instanceof(Uint8Array) })).mutation(async ({ ctx, input }) => {
    if (input.component.byteLength === 0) throw new AppError("invalid-request", "The file is empty; choose a SmartModule's .wasm file.");
    if (input.component.byteLength > SMARTMODULE_MAX_BYTES)
      throw new AppError("invalid-request", `A SmartModule is at most ${SMARTMODULE_MAX_BYTES / 1024 / 1024} MiB; this file has ${(input.component.byteLength / 1024 / 1024).toFixed(1)} MiB.`);
    if (!WASM_MAGIC.every((byte, i) => input.component[i] === byte))
      throw new AppError("invalid-request", "That file is not a WebAssembly module: choose the .wasm file a SmartModule build made (smdk build).");
    const cluster = await clusterInOrg(ctx.prisma, ctx.org.id, input.clusterId);
    const loaded = await withTenant(ctx.tenants, runningEndpoint(cluster), async (client) => {
      try {
        return await client.admin.loadSmartModule(input.name, input.version, input.component);
      } catch (error) {
        if (error instanceof KafkaProtocolError && error.code === INVALID_REQUEST) {
          throw new AppError("invalid-request", `The cluster rejected the SmartModule: ${brokerReason(error)}`, { cause: error });
        }
        throw error;
      }
    });
    await ctx.audit({
      action: "smartmodule.load",
      targetType: "smartmodule",
      targetId: `${cluster.id}/${input.name}@${input.version}`,
      metadata: { digest: loaded.digest, sizeBytes: loaded.sizeBytes },
    });
    return { name: loaded.name, version: loaded.version, kind: loaded.kind };
  }),
});

const RESOURCE_NOT_FOUND = errorCode("RESOURCE_NOT_FOUND");

/** A module's component for clients that run it themselves (the console's in-browser trial); served as bytes by http/smartmodule-component.ts. */
export const smartModuleComponentRouter = router({
  component: orgProcedure.input(z.object({ clusterId: id, name: moduleName, version: moduleVersion.optional() })).query(async ({ ctx, input }) => {
    const endpoint = runningEndpoint(await clusterInOrg(ctx.prisma, ctx.org.id, input.clusterId));
    return withTenant(ctx.tenants, endpoint, async (client) => {
      try {
        const fetched = await client.admin.fetchSmartModule(input.name, input.version ?? null);
        return { name: fetched.info.name, version: fetched.info.version, digest: fetched.info.digest, component: fetched.component };
      } catch (error) {
        if (error instanceof KafkaProtocolError && error.code === RESOURCE_NOT_FOUND) {
          const named = input.version === undefined ? input.name : `${input.name}@${input.version}`;
          throw new AppError("not-found", `No SmartModule ${named} is loaded in this cluster.`, { cause: error });
        }
        throw error;
      }
    });
  }),
});

export const smartModulesRouter = router({
  list: orgProcedure
    .input(z.object({ clusterId: id }))
    .output(z.array(moduleRow))
    .query(async ({ ctx, input }) => {
      const endpoint = runningEndpoint(await clusterInOrg(ctx.prisma, ctx.org.id, input.clusterId));
      return withTenant(ctx.tenants, endpoint, async (client) => {
        const [modules, uses] = await Promise.all([client.admin.listSmartModules(), moduleUses(client)]);
        return modules
          .map((m) => ({
            name: m.name,
            version: m.version,
            kind: m.kind,
            description: m.description,
            params: m.params.map((p) => ({ ...p })),
            sizeBytes: m.sizeBytes,
            digest: m.digest,
            loadedAt: m.loadedAt,
            provenance: m.provenance,
            usedBy: usesOf(uses, m.name, m.version).map(({ topic, derived }) => ({ topic, derived })),
          }))
          .sort((a, b) => a.name.localeCompare(b.name) || a.version.localeCompare(b.version, "en", { numeric: true }));
      });
    }),

  /** Deletes one version that no topic's chain names. */
  delete: orgProcedure
    .input(z.object({ clusterId: id, name: moduleName, version: moduleVersion }))
    .output(z.object({ name: z.string(), version: z.string() }))
    .mutation(async ({ ctx, input }) => {
      const cluster = await clusterInOrg(ctx.prisma, ctx.org.id, input.clusterId);
      await withTenant(ctx.tenants, runningEndpoint(cluster), async (client) => {
        const loaded = await client.admin.listSmartModules();
        if (!loaded.some((m) => m.name === input.name && m.version === input.version)) throw new AppError("not-found", `No SmartModule ${input.name}@${input.version} is loaded in this cluster.`);
        const used = usesOf(await moduleUses(client), input.name, input.version);
        const first = used[0];
        if (first !== undefined) {
          const topics = [...new Set(used.map((u) => `"${u.topic}"`))].join(", ");
          const what = first.derived ? `derived topic ${topics}` : `topic ${topics}`;
          throw new AppError(
            "invalid-request",
            `${input.name}@${input.version} is used by ${used.length === 1 ? what : `the topics ${topics}`}; delete ${used.length === 1 ? "that topic" : "them"} first.`,
          );
        }
        await client.admin.deleteSmartModule(input.name, input.version);
      });
      await ctx.audit({ action: "smartmodule.delete", targetType: "smartmodule", targetId: `${cluster.id}/${input.name}@${input.version}` });
      return { name: input.name, version: input.version };
    }),
});
