import { z } from "zod";

/** The connection fields both NATS connectors share. */
export const natsConnectionFields = {
  servers: z.array(z.string().min(1)).min(1).describe("NATS server URLs or host:port, e.g. nats://127.0.0.1:4222; the client fails over between them."),
  user: z.string().min(1).optional().describe("User name, with password (leave out for no auth or a token)."),
  password: z.string().min(1).optional().describe("Password of user."),
  token: z.string().min(1).optional().describe("An authentication token, instead of user and password."),
};

export interface NatsConnectionSettings {
  readonly servers: readonly string[];
  readonly user?: string | undefined;
  readonly password?: string | undefined;
  readonly token?: string | undefined;
}

/** Credentials come as user with password, or a token (a superRefine for schemas built from natsConnectionFields). */
export function checkCredentials(settings: NatsConnectionSettings, context: z.RefinementCtx): void {
  if ((settings.user === undefined) !== (settings.password === undefined)) context.addIssue({ code: "custom", message: "set user and password together", path: ["password"] });
  if (settings.token !== undefined && settings.user !== undefined) context.addIssue({ code: "custom", message: "set a token or user and password, not both", path: ["token"] });
}
