import { aclsRouter } from "./router/acls.js";
import { alertsRouter } from "./router/alerts.js";
import { apiKeysRouter } from "./router/api-keys.js";
import { auditRouter } from "./router/audit.js";
import { billingRouter } from "./router/billing.js";
import { clustersRouter } from "./router/clusters.js";
import { connectorsRouter } from "./router/connectors.js";
import { credentialsRouter } from "./router/credentials.js";
import { dataflowsRouter } from "./router/dataflows.js";
import { groupsRouter } from "./router/groups.js";
import { hubRouter } from "./router/hub.js";
import { invitationsRouter } from "./router/invitations.js";
import { meRouter } from "./router/me.js";
import { metricsRouter } from "./router/metrics.js";
import { membersRouter } from "./router/members.js";
import { orgsRouter } from "./router/orgs.js";
import { pipelinePreviewsRouter } from "./router/pipeline-previews.js";
import { pipelinesRouter } from "./router/pipelines.js";
import { pricingRouter } from "./router/pricing.js";
import { smartModulesRouter } from "./router/smartmodules.js";
import { staffRouter } from "./router/staff.js";
import { topicsRouter } from "./router/topics.js";
import { viewsRouter } from "./router/views.js";
import { router } from "./trpc.js";

/** Everything the console and the CLI call at /api/trpc. */
export const appRouter = router({
  me: meRouter,
  orgs: orgsRouter,
  members: membersRouter,
  invitations: invitationsRouter,
  clusters: clustersRouter,
  connectors: connectorsRouter,
  dataflows: dataflowsRouter,
  pipelines: pipelinesRouter,
  views: viewsRouter,
  pipelinePreviews: pipelinePreviewsRouter,
  credentials: credentialsRouter,
  acls: aclsRouter,
  topics: topicsRouter,
  groups: groupsRouter,
  metrics: metricsRouter,
  smartModules: smartModulesRouter,
  apiKeys: apiKeysRouter,
  audit: auditRouter,
  staff: staffRouter,
  billing: billingRouter,
  pricing: pricingRouter,
  alerts: alertsRouter,
  hub: hubRouter,
});

export type AppRouter = typeof appRouter;
