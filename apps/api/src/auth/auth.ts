import { betterAuth } from "better-auth";
import { prismaAdapter } from "better-auth/adapters/prisma";
import { organization } from "better-auth/plugins";
import type { PrismaClient } from "@freshet/db/client";
import { idPrefixes, newId, type IdKind } from "@freshet/db/ids";
import { accessControl, organizationRoles } from "./roles.js";

export interface AuthOptions {
  readonly prisma: PrismaClient;
  readonly secret: string;
  /** The console's origin: cookies are issued for it and requests must come from it. */
  readonly consoleOrigin: string;
}

export function createAuth(options: AuthOptions) {
  return betterAuth({
    baseURL: options.consoleOrigin,
    basePath: "/api/auth",
    secret: options.secret,
    trustedOrigins: [options.consoleOrigin],
    database: prismaAdapter(options.prisma, { provider: "postgresql" }),
    emailAndPassword: { enabled: true, minPasswordLength: 10 },
    plugins: [organization({ ac: accessControl, roles: organizationRoles, creatorRole: "owner" })],
    // Sign-in and sign-up attempts are limited by our own AuthLimits (failed sign-ins per address
    // and per account, sign-ups per address), in front of this handler; better-auth's limiter would count successes too and only
    // runs in production, so the same tests could not hold it to an exact number.
    rateLimit: { enabled: false },
    advanced: { database: { generateId: ({ model }) => (model in idPrefixes ? newId(model as IdKind) : false) } },
    telemetry: { enabled: false },
  });
}

export type Auth = ReturnType<typeof createAuth>;
