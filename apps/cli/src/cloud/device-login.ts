import { setTimeout as sleep } from "node:timers/promises";
import { z } from "zod";
import { formatUserCode } from "@freshet/control-plane/device-user-code";
import { UserError } from "../errors/user-error.js";
import { rootCause } from "./api-client.js";

/** The client id the API's device flow accepts (apps/api auth.ts, CLI_CLIENT_ID). */
const CLIENT_ID = "freshet-cli";
const GRANT_TYPE = "urn:ietf:params:oauth:grant-type:device_code";

const codeAnswer = z.object({
  device_code: z.string(),
  user_code: z.string(),
  verification_uri: z.string(),
  verification_uri_complete: z.string(),
  expires_in: z.number(),
  interval: z.number(),
});
const tokenAnswer = z.object({ access_token: z.string() });
const errorAnswer = z.object({ error: z.string(), error_description: z.string().optional() });

export interface DevicePrompt {
  readonly userCode: string;
  readonly verificationUri: string;
  readonly verificationUriComplete: string;
  readonly expiresInSeconds: number;
}

/**
 * RFC 8628 against the control plane's better-auth: ask for a code, let `show` tell the person
 * where to approve it, then poll until they approve or deny it in the console, or it expires.
 * Answers the session token the API issued for this terminal.
 */
export async function deviceLogin(apiUrl: string, show: (prompt: DevicePrompt) => Promise<void>): Promise<string> {
  const started = codeAnswer.safeParse(await post(apiUrl, "/device/code", { client_id: CLIENT_ID }));
  if (!started.success) throw new UserError(`${apiUrl} did not start a device login (is it a Freshet API?)`);
  const code = started.data;
  await show({
    // Shown as the console's /device page shows it, so the two compare by eye.
    userCode: formatUserCode(code.user_code),
    verificationUri: code.verification_uri,
    verificationUriComplete: code.verification_uri_complete,
    expiresInSeconds: code.expires_in,
  });

  let intervalMs = code.interval * 1_000;
  const deadline = Date.now() + code.expires_in * 1_000;
  while (Date.now() < deadline) {
    await sleep(intervalMs);
    const answer = await post(apiUrl, "/device/token", { grant_type: GRANT_TYPE, device_code: code.device_code, client_id: CLIENT_ID });
    const token = tokenAnswer.safeParse(answer);
    if (token.success) return token.data.access_token;
    const refusal = errorAnswer.safeParse(answer);
    const error = refusal.success ? refusal.data.error : "unexpected answer";
    if (error === "authorization_pending") continue;
    // RFC 8628 §3.5: slow down means five more seconds between polls from now on.
    if (error === "slow_down") intervalMs += 5_000;
    else if (error === "access_denied") throw new UserError("the login was denied in the console");
    else if (error === "expired_token") break;
    else throw new UserError(`the device login failed: ${refusal.success ? (refusal.data.error_description ?? error) : error}`);
  }
  throw new UserError("the code expired before it was approved — run `freshet cloud login --device` again");
}

async function post(apiUrl: string, path: string, body: Record<string, string>): Promise<unknown> {
  let response: Response;
  try {
    response = await fetch(`${apiUrl}/api/auth${path}`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(body) });
  } catch (cause) {
    throw new UserError(`cannot reach the Freshet API at ${apiUrl} (${cause instanceof Error ? rootCause(cause).message : String(cause)})`, 1, { cause });
  }
  return response.json().catch(() => null);
}
