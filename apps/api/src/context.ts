import type { IncomingMessage } from "node:http";
import type { PrismaClient } from "@freshet/db/client";
import type Stripe from "stripe";
import { API_KEY_PREFIX, findUsableApiKey } from "./auth/api-keys.js";
import type { Auth } from "./auth/auth.js";
import type { MemberRole } from "@freshet/db/roles";
import { AppError } from "./errors.js";
import { nodeHeaders } from "./http/node-fetch.js";
import type { ProvisioningQueue } from "@freshet/control-plane/jobs/provisioning-queue";
import type { Mailer } from "./mail/mailer.js";
import type { TenantConnector } from "@freshet/control-plane/tenant-connector";
import type { Logger } from "pino";
import type { ConnectorCatalog } from "./connectors/connector-catalog.js";
import type { PreviewRegistry } from "./previews/preview-registry.js";
import type { BlobStore } from "@freshet/hub/storage";

/** What procedures are given besides the caller: one instance per server. */
export interface Services {
  readonly prisma: PrismaClient;
  readonly auth: Auth;
  readonly provisioning: ProvisioningQueue;
  readonly tenants: TenantConnector;
  readonly mailer: Mailer;
  /** The console's origin: links in mail point there. */
  readonly consoleOrigin: string;
  /** How often clusters.watch looks at the cluster row. */
  readonly watchIntervalMs: number;
  /** Stripe (or the repo's simulator); null when this server has no Stripe keys, so payment methods cannot be added. */
  readonly stripe: Stripe | null;
  /** The connectors people may deploy (connectors.types, check, create). */
  readonly connectorCatalog: ConnectorCatalog;
  /** An org's alert webhook signing secret at `version` (derived from CONTROL_PLANE_SECRET, never stored). */
  readonly alertWebhookSecret: (orgId: string, version: number) => string;
  /** For work that logs on its own (a connector's check). */
  readonly logger: Logger;
  /** The pipeline previews this process runs (pipelinePreviews.*). */
  readonly previews: PreviewRegistry;
  /** The Hub's artifacts, by sha256 digest (callers verify what they read). */
  readonly hubBlobs: BlobStore;
}

export interface ActorUser {
  readonly id: string;
  readonly name: string;
  readonly email: string;
  /** Whether the person opened the link mailed to `email`: only then are invitations to it theirs. */
  readonly emailVerified: boolean;
  readonly isStaff: boolean;
}

/**
 * Who is calling: a signed-in person (the console's session cookie, or a session token the CLI
 * got through the device flow, sent as Bearer), or an org's API key acting for the person who
 * created it, with `role` at most that person's current role in the org.
 */
export type Actor =
  | { readonly kind: "session"; readonly user: ActorUser; readonly sessionId: string; readonly activeOrganizationId: string | null }
  | { readonly kind: "apiKey"; readonly user: ActorUser; readonly apiKeyId: string; readonly orgId: string; readonly role: MemberRole; readonly scopes: readonly string[] };

export interface Context extends Services {
  readonly ip: string;
  readonly actor: Actor | null;
  /** Why a presented credential was refused; reported only by procedures that need a caller. */
  readonly authError: AppError | null;
}

const BEARER = /^Bearer\s+(\S+)$/i;

type Caller = Pick<Context, "actor" | "authError">;

export async function createContext(services: Services, req: IncomingMessage, ip: string): Promise<Context> {
  return { ...services, ip, ...(await callerOf(services, req)) };
}

/** An API key or a CLI session token as Bearer (told apart by the key's prefix), else the console's session cookie. */
async function callerOf(services: Services, req: IncomingMessage): Promise<Caller> {
  const bearer = BEARER.exec(req.headers.authorization ?? "")?.[1];
  if (bearer?.startsWith(API_KEY_PREFIX) === true) {
    const found = await findUsableApiKey(services.prisma, bearer);
    if (found.usable) return { actor: { kind: "apiKey", user: actorUser(found.creator), apiKeyId: found.key.id, orgId: found.key.orgId, role: found.role, scopes: found.key.scopes }, authError: null };
    if (found.state === "creator-removed") {
      return refused(new AppError("api-key-refused", "This API key stopped working: the person who created it is no longer a member of its organization."));
    }
    return refused(new AppError("api-key-refused", "This API key is not valid (revoked, expired or unknown)."));
  }
  if (bearer !== undefined) {
    const session = await services.prisma.session.findUnique({ where: { token: bearer }, include: { user: true } });
    if (session === null || session.expiresAt <= new Date()) {
      return refused(new AppError("session-refused", "This login has expired or was signed out: log in again with `freshet cloud login`."));
    }
    return sessionCaller(session.user, session);
  }
  const session = await services.auth.api.getSession({ headers: nodeHeaders(req) });
  if (session === null) return { actor: null, authError: null };
  return sessionCaller(await services.prisma.user.findUniqueOrThrow({ where: { id: session.user.id } }), session.session);
}

function sessionCaller(user: ActorUser, session: { id: string; activeOrganizationId?: string | null }): Caller {
  return { actor: { kind: "session", user: actorUser(user), sessionId: session.id, activeOrganizationId: session.activeOrganizationId ?? null }, authError: null };
}

/** Only what procedures may see of a stored user. */
function actorUser(user: ActorUser): ActorUser {
  return { id: user.id, name: user.name, email: user.email, emailVerified: user.emailVerified, isStaff: user.isStaff };
}

function refused(authError: AppError): Caller {
  return { actor: null, authError };
}
