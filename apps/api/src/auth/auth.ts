import { betterAuth } from "better-auth";
import { prismaAdapter } from "better-auth/adapters/prisma";
import { deviceAuthorization, organization } from "better-auth/plugins";
import type { PrismaClient } from "@freshet/db/client";
import { idPrefixes, newId, type IdKind } from "@freshet/db/ids";
import type { Mailer } from "../mail/mailer.js";
import { existingAccountMail, verificationMail } from "../mail/messages.js";
import { endpointPathsOf, revokeOtherSessionsOnPasswordChange } from "./auth-policies.js";
import { accessControl, organizationRoles } from "./roles.js";

export interface AuthOptions {
  readonly prisma: PrismaClient;
  readonly secret: string;
  /** The console's origin: cookies are issued for it and requests must come from it. */
  readonly consoleOrigin: string;
  /** Verification mail at sign-up, and the note to an address's owner when someone signs up with it again. */
  readonly mailer: Mailer;
}

/** The one client of the device flow (RFC 8628): `freshet cloud login --device`. */
export const CLI_CLIENT_ID = "freshet-cli";

export function createAuth(options: AuthOptions) {
  const organizationPlugin = organization({ ac: accessControl, roles: organizationRoles, creatorRole: "owner", requireEmailVerificationOnInvitation: true });
  return betterAuth({
    baseURL: options.consoleOrigin,
    basePath: "/api/auth",
    secret: options.secret,
    trustedOrigins: [options.consoleOrigin],
    database: prismaAdapter(options.prisma, { provider: "postgresql" }),
    // An address counts only once its owner opened the link mailed to it: invitations go to
    // addresses, so an unverified one would let anyone claim them. Requiring verification also
    // makes sign-up answer a new and an existing address alike (no session either way), and
    // better-auth then calls onExistingUserSignUp instead of refusing: the owner gets a note.
    emailAndPassword: {
      enabled: true,
      minPasswordLength: 10,
      revokeSessionsOnPasswordReset: true,
      requireEmailVerification: true,
      onExistingUserSignUp: ({ user }) => options.mailer.send(existingAccountMail(user.email, options.consoleOrigin)),
    },
    emailVerification: {
      sendOnSignUp: true,
      // Signing in with the right password before verifying sends a fresh link.
      sendOnSignIn: true,
      autoSignInAfterVerification: true,
      expiresIn: 24 * 60 * 60,
      sendVerificationEmail: ({ user, url }) => options.mailer.send(verificationMail(user.email, url)),
    },
    hooks: { before: revokeOtherSessionsOnPasswordChange },
    disabledPaths: endpointPathsOf(organizationPlugin),
    plugins: [
      organizationPlugin,
      // The CLI asks for a code, the person approves it on the console's /device page, and the
      // CLI's polling is answered with a session token of its own (sent as Bearer, see context.ts).
      deviceAuthorization({
        verificationUri: `${options.consoleOrigin}/device`,
        validateClient: (clientId) => clientId === CLI_CLIENT_ID,
        expiresIn: "10m",
        interval: "2s",
      }),
    ],
    // Sign-in and sign-up attempts are limited by our own AuthLimits (failed sign-ins per address
    // and per account, sign-ups per address), in front of this handler; better-auth's limiter
    // would count successes too and only runs in production, so tests could not hold it to an
    // exact number.
    rateLimit: { enabled: false },
    advanced: { database: { generateId: ({ model }) => (model in idPrefixes ? newId(model as IdKind) : false) } },
    telemetry: { enabled: false },
  });
}

export type Auth = ReturnType<typeof createAuth>;
