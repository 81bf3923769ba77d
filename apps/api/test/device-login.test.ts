import { setTimeout as sleep } from "node:timers/promises";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { CONSOLE_ORIGIN, answerDeviceCode, codeOf, lookUpDeviceCode, signUp, startTestApi, trpcClient, type Client, type TestApi } from "./support/api-harness.js";

// `freshet cloud login --device` as the CLI and the console's /device page drive it, against the
// real better-auth device plugin, Postgres and our tRPC context (session tokens as Bearer).

let api: TestApi;
let adaCookie: string;
let bobCookie: string;
let ada: Client;
let acmeId: string;
let labsId: string;

beforeAll(async () => {
  api = await startTestApi();
  adaCookie = await signUp(api, "ada@example.com");
  bobCookie = await signUp(api, "bob@example.com");
  ada = trpcClient(api, { cookie: adaCookie });
  acmeId = (await ada.orgs.create.mutate({ name: "Acme", slug: "acme" })).id;
  labsId = (await ada.orgs.create.mutate({ name: "Labs", slug: "labs" })).id;
  await ada.orgs.setActive.mutate({ organizationId: acmeId });
  await ada.clusters.create.mutate({ name: "main", region: "local", plan: "free" });
});
afterAll(() => api.close());

type Json = Record<string, unknown>;
const asCli = async (path: string, body: Json) => {
  const response = await fetch(`${api.url}/api/auth${path}`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(body) });
  return { status: response.status, body: (await response.json()) as Json };
};
const startLogin = async (clientId = "freshet-cli") => asCli("/device/code", { client_id: clientId });
const poll = (deviceCode: string) => asCli("/device/token", { grant_type: "urn:ietf:params:oauth:grant-type:device_code", device_code: deviceCode, client_id: "freshet-cli" });
const jsonOf = async (response: Response) => ({ status: response.status, body: (await response.json()) as Json });
const lookUp = async (cookie: string, userCode: string) => jsonOf(await lookUpDeviceCode(api, cookie, userCode));
const answer = async (cookie: string, userCode: string, approve: boolean) => jsonOf(await answerDeviceCode(api, cookie, userCode, approve));

describe("device login", () => {
  it("gives the CLI a session of its own once the person approves the code in the console", async () => {
    const started = await startLogin();
    expect(started.status).toBe(200);
    const { device_code: deviceCode, user_code: userCode } = started.body as { device_code: string; user_code: string };
    expect(started.body).toMatchObject({ verification_uri: `${CONSOLE_ORIGIN}/device`, verification_uri_complete: `${CONSOLE_ORIGIN}/device?user_code=${userCode}`, interval: 2, expires_in: 600 });
    expect((await poll(deviceCode)).body.error).toBe("authorization_pending");

    // The code is claimed by whoever looks it up first; nobody else can approve it.
    expect((await lookUp(adaCookie, `${userCode.slice(0, 4)}-${userCode.slice(4)}`)).body).toMatchObject({ status: "pending", client_id: "freshet-cli" });
    expect((await answer(bobCookie, userCode, true)).status).toBe(403);
    expect((await answer(adaCookie, userCode, true)).status).toBe(200);

    // Polling faster than the interval it was given is answered slow_down (RFC 8628 §3.5), as the CLI's own loop waits.
    expect((await poll(deviceCode)).body.error).toBe("slow_down");
    await sleep(2_100);
    const token = await poll(deviceCode);
    expect([token.status, token.body.error]).toEqual([200, undefined]);
    const sessionToken = token.body.access_token as string;
    expect(sessionToken.length).toBeGreaterThanOrEqual(16);
    // A device code is redeemed once.
    expect((await poll(deviceCode)).status).toBe(400);

    // The token is a session of Ada's: no organization chosen yet, then its own, apart from the browser's.
    const cli = trpcClient(api, { bearer: sessionToken });
    const me = await cli.me.get.query();
    expect([me.user.email, me.activeOrganizationId, me.apiKey]).toEqual(["ada@example.com", null, null]);
    expect(await codeOf(() => cli.clusters.list.query())).toBe("PRECONDITION_FAILED");
    await cli.orgs.setActive.mutate({ organizationId: labsId });
    expect(await cli.clusters.list.query()).toEqual([]);
    expect((await ada.me.get.query()).activeOrganizationId).toBe(acmeId);
    expect((await ada.clusters.list.query()).map((c) => c.name)).toEqual(["main"]);

    // Signing that session out (as the console's session list would) locks the CLI out.
    await api.prisma.session.deleteMany({ where: { token: sessionToken } });
    expect(await codeOf(() => cli.me.get.query())).toBe("UNAUTHORIZED");
  });

  it("tells the CLI when the person denies it", async () => {
    const { device_code: deviceCode, user_code: userCode } = (await startLogin()).body as { device_code: string; user_code: string };
    await lookUp(adaCookie, userCode);
    expect((await answer(adaCookie, userCode, false)).status).toBe(200);
    await sleep(2_100);
    expect((await poll(deviceCode)).body.error).toBe("access_denied");
  });

  it("refuses another client id, an unknown code and a made-up session token", async () => {
    expect((await startLogin("someone-else")).status).toBe(400);
    expect((await lookUp(adaCookie, "ZZZZZZZZ")).status).toBe(400);
    const forged = trpcClient(api, { bearer: "not-a-session-token-at-all" });
    await expect(forged.me.get.query()).rejects.toThrow("This login has expired or was signed out: log in again with `freshet cloud login`.");
  });
});
