import { z } from "zod";
import { EDITABLE_TOPIC_CONFIGS, isEditableTopicConfig, topicConfigValueProblem, topicNameSchema } from "@freshet/control-plane/topic-limits";
import { AppError } from "../errors.js";
import { chainOf, leaderLogSizes, sourceOf, topicConfigs } from "../tenant/topic-inventory.js";
import { withTenant } from "../tenant/with-tenant.js";
import { orgProcedure } from "../trpc.js";
import { clusterInOrg, runningEndpoint } from "./cluster-view.js";
import { id } from "./schemas.js";
import { messagesProcedure } from "./topic-messages.js";

const chainStep = z.object({ module: z.string(), params: z.record(z.string(), z.string()) });

const topicDescription = z.object({
  name: z.string(),
  partitions: z.array(
    z.object({
      partition: z.number().int(),
      leader: z.number().int(),
      replicas: z.array(z.number().int()),
      isr: z.array(z.number().int()),
      logStartOffset: z.number().int(),
      highWatermark: z.number().int(),
      /** Bytes of the leader's log; null when its broker does not report sizes. */
      sizeBytes: z.number().int().nullable(),
    }),
  ),
  configs: z.array(z.object({ name: z.string(), value: z.string().nullable(), isDefault: z.boolean(), editable: z.boolean() })),
  /** A derived topic's source and the SmartModule chain its records pass through; null for an ordinary topic. */
  derived: z.object({ source: z.string(), chain: z.array(chainStep) }).nullable(),
  /** The chain applied to records produced to an ordinary topic (empty for none). */
  produceChain: z.array(chainStep),
});

export const topicDetailProcedures = {
  /** Partitions with leaders, replicas, ISR, offsets and sizes; every config with defaults marked; a derived topic's source and chain. */
  describe: orgProcedure
    .input(z.object({ clusterId: id, topic: topicNameSchema }))
    .output(topicDescription)
    .query(async ({ ctx, input }) => {
      const endpoint = runningEndpoint(await clusterInOrg(ctx.prisma, ctx.org.id, input.clusterId));
      return withTenant(
        ctx.tenants,
        endpoint,
        async (client) => {
          const description = await client.admin.describeTopic(input.topic);
          const info = await client.cluster.topic(input.topic);
          const [configs, sizes] = await Promise.all([topicConfigs(client, [input.topic]), leaderLogSizes(client, [info])]);
          const own = configs.get(input.topic) ?? [];
          const source = sourceOf(own);
          const chain = chainOf(own);
          return {
            name: input.topic,
            partitions: description.partitions.map((p) => ({ ...p, replicas: [...p.replicas], isr: [...p.isr], sizeBytes: sizes.get(`${input.topic}/${p.partition}`) ?? null })),
            configs: own.map((c) => ({ name: c.name, value: c.value, isDefault: c.isDefault, editable: isEditableTopicConfig(c.name) && !c.readOnly })),
            derived: source === null ? null : { source, chain },
            produceChain: source === null ? chain : [],
          };
        },
        input.topic,
      );
    }),

  /** Sets one config (value) or returns it to the cluster's default (null); the engine checks the value as at creation. */
  alterConfig: orgProcedure
    .input(
      z.object({
        clusterId: id,
        topic: topicNameSchema,
        name: z.enum(EDITABLE_TOPIC_CONFIGS, { message: "That setting cannot be changed after the topic is created." }),
        value: z.string().trim().min(1, "Enter a value, or reset the setting to its default.").max(256).nullable(),
      }),
    )
    .output(z.object({ name: z.string(), value: z.string().nullable() }))
    .mutation(async ({ ctx, input }) => {
      if (input.value !== null) {
        const problem = topicConfigValueProblem(input.name, input.value);
        if (problem !== null) throw new AppError("invalid-request", problem);
      }
      const cluster = await clusterInOrg(ctx.prisma, ctx.org.id, input.clusterId);
      await withTenant(
        ctx.tenants,
        runningEndpoint(cluster),
        (client) => client.admin.alterTopicConfigs(input.topic, input.value === null ? { reset: [input.name] } : { set: { [input.name]: input.value } }),
        input.topic,
      );
      await ctx.audit({ action: "topic.configure", targetType: "topic", targetId: `${cluster.id}/${input.topic}`, metadata: { name: input.name, value: input.value } });
      return { name: input.name, value: input.value };
    }),

  messages: messagesProcedure,
};
