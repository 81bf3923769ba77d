import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { createHTTPHandler } from "@trpc/server/adapters/standalone";
import type { Logger } from "pino";
import type { PrismaClient } from "@freshet/db/client";
import { createAuth } from "./auth/auth.js";
import { createAuthRoutes } from "./auth/auth-routes.js";
import { createAuthLimits, type AuthLimits } from "./auth/auth-limits.js";
import { createContext, type Services } from "./context.js";
import { builtInCatalog, type ConnectorCatalog } from "./connectors/connector-catalog.js";
import { AppError, ERROR_CODES } from "./errors.js";
import { clientAddress, sendJson } from "./http/node-fetch.js";
import { MAX_TRPC_BODY_BYTES, refusalOf, sendRefusal } from "./http/trpc-request-guard.js";
import { serveStripeWebhook } from "./http/stripe-webhook.js";
import { serveSmartModuleComponent, SMARTMODULE_COMPONENT_PATH } from "./http/smartmodule-component.js";
import { serveSmartModuleUpload, SMARTMODULE_UPLOAD_PATH } from "./http/smartmodule-upload.js";
import { serveViewChanges, VIEW_CHANGES_PATH } from "./http/view-changes.js";
import { HUB_PUBLISH_PATH, serveHubPublish } from "./http/hub-publish.js";
import { isHubArtifactPath, serveHubArtifact } from "./http/hub-artifact.js";
import type { BlobStore } from "@freshet/hub/storage";
import type { WebhookDeps } from "@freshet/billing-stripe/webhook";
import type { ProvisioningQueue } from "@freshet/control-plane/jobs/provisioning-queue";
import { appRouter } from "./router.js";
import { PreviewRegistry, type PreviewRegistryOptions } from "./previews/preview-registry.js";
import { createTenantConnector } from "@freshet/control-plane/tenant-connector";
import { alertWebhookSecret } from "@freshet/control-plane/alerts/webhook-signature";
import type { Mailer } from "./mail/mailer.js";

export interface ApiServerOptions {
  readonly prisma: PrismaClient;
  readonly provisioning: ProvisioningQueue;
  readonly betterAuthSecret: string;
  readonly controlPlaneSecret: string;
  readonly consoleOrigin: string;
  /** Verification and invitation mail. */
  readonly mailer: Mailer;
  /** Shared with the console's proxy: only requests carrying it may name the client in X-Forwarded-For. */
  readonly proxySecret?: string;
  readonly logger: Logger;
  /** Sign-in and sign-up limits; tests pass their own clock. */
  readonly authLimits?: AuthLimits;
  /** The least time a sign-up takes to answer, so a new and a registered address answer alike. Default 1.5 s. */
  readonly signUpAnswerMs?: number;
  /** How often clusters.watch reads the cluster row. Default 1 s. */
  readonly watchIntervalMs?: number;
  /** How long close() lets requests in flight finish before cutting their connections. Default 5 s. */
  readonly drainMs?: number;
  /**
   * Stripe (or the simulator, `stripeConfigFromEnv`) and its webhook signing secret. Unset: no
   * payment method can be added and /api/stripe/webhook answers 404.
   */
  readonly stripe?: Omit<WebhookDeps, "prisma">;
  /** The connectors people may deploy. Default: the built-in ones. */
  readonly connectorCatalog?: ConnectorCatalog;
  /** Per-org cap and retention of pipeline previews. Default 2 running per org, ended ones kept 10 minutes. */
  readonly previews?: PreviewRegistryOptions;
  /** Where the Hub keeps artifacts (`blobStoreFromEnv` in main). */
  readonly hubBlobs: BlobStore;
}

export interface ApiServer {
  readonly server: Server;
  readonly services: Services;
  listen(port: number, host: string): Promise<string>;
  /** Stops taking requests, ends event streams, lets others finish for drainMs; safe to call twice. */
  close(): Promise<void>;
}

export function createApiServer(options: ApiServerOptions): ApiServer {
  const auth = createAuth({ prisma: options.prisma, secret: options.betterAuthSecret, consoleOrigin: options.consoleOrigin, mailer: options.mailer });
  const services: Services = {
    prisma: options.prisma,
    auth,
    provisioning: options.provisioning,
    tenants: createTenantConnector(options.controlPlaneSecret),
    mailer: options.mailer,
    consoleOrigin: options.consoleOrigin,
    watchIntervalMs: options.watchIntervalMs ?? 1_000,
    stripe: options.stripe?.stripe ?? null,
    connectorCatalog: options.connectorCatalog ?? builtInCatalog,
    alertWebhookSecret: (orgId, version) => alertWebhookSecret(options.controlPlaneSecret, orgId, version),
    logger: options.logger,
    previews: new PreviewRegistry(options.previews),
    hubBlobs: options.hubBlobs,
  };
  const authRoutes = createAuthRoutes(auth, options.authLimits ?? createAuthLimits(), options.consoleOrigin, options.signUpAnswerMs ?? 1_500);
  const addresses = new WeakMap<IncomingMessage, string>();
  const allowedOrigins = new Set([new URL(options.consoleOrigin).origin]);
  const trpc = createHTTPHandler({
    router: appRouter,
    basePath: "/api/trpc/",
    maxBodySize: MAX_TRPC_BODY_BYTES,
    createContext: ({ req }) => createContext(services, req, addresses.get(req) ?? "unknown"),
    onError: ({ error, path }) => {
      if (error.code === "INTERNAL_SERVER_ERROR") options.logger.error({ err: error.cause ?? error, path }, "procedure failed");
    },
  });

  // Event streams never finish on their own: close() ends them at once instead of waiting out the drain.
  const streams = new Set<ServerResponse>();
  const handle = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const address = clientAddress(req, options.proxySecret);
    const path = (req.url ?? "/").split("?")[0]!;
    if (path === "/healthz") return sendJson(res, 200, { ok: true });
    if (path.startsWith("/api/auth/")) return authRoutes(req, res, address);
    if (path === "/api/stripe/webhook") return serveStripeWebhook(options.stripe === undefined ? undefined : { ...options.stripe, prisma: options.prisma }, req, res);
    if (path === SMARTMODULE_UPLOAD_PATH) return serveSmartModuleUpload(services, req, res, address, allowedOrigins);
    if (path === SMARTMODULE_COMPONENT_PATH) return serveSmartModuleComponent(services, req, res, address);
    if (path === HUB_PUBLISH_PATH) return serveHubPublish(services, req, res, address);
    if (isHubArtifactPath(path)) return serveHubArtifact(services, req, res, address);
    if (path === VIEW_CHANGES_PATH) return serveViewChanges(services, req, res, address, streams);
    if (path.startsWith("/api/trpc/")) {
      const refusal = refusalOf(req, allowedOrigins);
      if (refusal !== null) return sendRefusal(res, refusal);
      addresses.set(req, address);
      if (req.headers.accept === "text/event-stream") {
        streams.add(res);
        res.once("close", () => streams.delete(res));
      }
      return trpc(req, res);
    }
    sendJson(res, 404, { code: "NOT_FOUND", message: "No such route." });
  };

  const server = createServer((req, res) => {
    handle(req, res).catch((error: unknown) => {
      if (res.headersSent) return void res.destroy();
      if (error instanceof AppError) return sendJson(res, ERROR_CODES[error.kind] === "BAD_REQUEST" ? 400 : 500, { code: ERROR_CODES[error.kind], message: error.message });
      options.logger.error({ err: error, url: req.url }, "request failed");
      sendJson(res, 500, { code: "INTERNAL_SERVER_ERROR", message: "Internal error." });
    });
  });

  let closing: Promise<void> | null = null;
  return {
    server,
    services,
    listen: (port, host) =>
      new Promise((resolve, reject) => {
        server.once("error", reject);
        server.listen(port, host, () => {
          server.off("error", reject);
          const address = server.address() as AddressInfo;
          resolve(`http://${address.address.includes(":") ? `[${address.address}]` : address.address}:${address.port}`);
        });
      }),
    close() {
      closing ??= (async () => {
        const stopped = new Promise<void>((resolve) => server.close(() => resolve()));
        await services.previews.close();
        for (const res of streams) res.destroy();
        server.closeIdleConnections();
        const drained = await Promise.race([stopped.then(() => true), new Promise<false>((resolve) => setTimeout(resolve, options.drainMs ?? 5_000, false).unref())]);
        if (!drained) {
          server.closeAllConnections();
          await stopped;
        }
      })();
      return closing;
    },
  };
}
