/*
 * `freshet cloud` against the real control plane: the API over HTTP on a fresh database, the real
 * provisioning worker (local driver: a SASL SC + SPU per cluster) on real Redis, and the built CLI.
 */
import { mkdtemp, readFile, rm, stat } from "node:fs/promises";
import { hostname, tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { CONSOLE_ORIGIN, answerDeviceCode, lookUpDeviceCode, signUp, startTestApi, trpcClient, type Client, type TestApi } from "@freshet/api/internal/api-harness";
import { startTestProvisioning, type TestProvisioning } from "@freshet/api/internal/provisioning";
import { credentialName } from "./cloud/credential-name.js";
import { runCli } from "./test-support/run-cli.js";

let home: string;
let api: TestApi;
let provisioning: TestProvisioning;
let ada: Client;
let adaCookie: string;

beforeAll(async () => {
  home = await mkdtemp(join(tmpdir(), "freshet-cli-cloud-"));
  api = await startTestApi();
  provisioning = await startTestProvisioning(api, "cli-cloud-data");
  adaCookie = await signUp(api, "ada@example.com");
  ada = trpcClient(api, { cookie: adaCookie });
  const org = await ada.orgs.create.mutate({ name: "Acme", slug: "acme" });
  await ada.orgs.setActive.mutate({ organizationId: org.id });
});

afterAll(async () => {
  await provisioning?.close();
  await api?.close();
  await rm(home, { recursive: true, force: true });
});

const cli = (args: readonly string[], input?: string) => runCli(home, args, input);
const readConfigJson = async () => JSON.parse(await readFile(join(home, "config.json"), "utf8")) as Record<string, unknown>;
const REFUSED = () => `freshet: the API key was refused by ${api.url} (revoked or unknown) — log in again with \`freshet cloud login\`\n`;

describe("freshet cloud", () => {
  it("asks for a key it was not given, and refuses what is not one", async () => {
    const none = await cli(["cloud", "login", "--api-url", api.url]);
    expect([none.code, none.stderr]).toEqual([2, "freshet: no API key — pass --api-key, set FRESHET_API_KEY or pipe it on stdin (create one in the console under API keys)\n"]);
    const wrong = await cli(["cloud", "login", "--api-url", api.url], "password123\n");
    expect([wrong.code, wrong.stderr]).toEqual([2, 'freshet: that is not a Freshet API key (they start with "fsk_")\n']);
    const notLoggedIn = await cli(["cloud", "cluster", "list"]);
    expect([notLoggedIn.code, notLoggedIn.stderr]).toEqual([1, "freshet: not logged in to Freshet cloud — run `freshet cloud login` first\n"]);
  });

  it("logs in, creates a cluster to Running, uses it for topics with SASL, refuses a revoked key, deletes the cluster", async () => {
    // Login with a key piped on stdin: checked with me.get, then saved 0600.
    const key = await ada.apiKeys.create.mutate({ name: "laptop", role: "admin" });
    const login = await cli(["cloud", "login", "--api-url", api.url], `${key.secret}\n`);
    expect([login.code, login.stdout, login.stderr]).toEqual([0, `logged in to ${api.url} as ada@example.com: organization "Acme" (acme) as admin\n`, ""]);
    expect((await stat(join(home, "config.json"))).mode & 0o777).toBe(0o600);
    expect((await readConfigJson()).cloud).toEqual({ apiUrl: api.url, apiKey: key.secret });

    // Create and wait: every status it moved through, ending Running at the worker's address.
    const created = await cli(["cloud", "cluster", "create", "main", "--wait"]);
    expect(created.stderr).toBe("");
    expect(created.code).toBe(0);
    const row = await api.prisma.cluster.findFirstOrThrow({ where: { name: "main" } });
    const bootstrap = `${row.bootstrapHost}:${row.bootstrapPort}`;
    const lines = created.stdout.split("\n");
    expect(lines[0]).toBe('cluster "main" created (free plan, 1 SPU): Pending');
    expect(lines.slice(-3)).toEqual([`cluster "main": Running at ${bootstrap}`, "connect with `freshet cloud cluster use main`", ""]);
    expect(lines.slice(1, -3)).toEqual(lines.slice(1, -3).length === 0 ? [] : ['cluster "main": Provisioning']);

    // The plan's limit, as the API words it.
    const second = await cli(["cloud", "cluster", "create", "second"]);
    expect([second.code, second.stdout, second.stderr]).toEqual([1, "", "freshet: The free plan allows 1 cluster per organization. Delete one or choose another plan.\n"]);

    const listed = await cli(["cloud", "cluster", "list"]);
    const width = Math.max("BOOTSTRAP".length, bootstrap.length);
    expect(listed.stdout).toBe(
      [`NAME  STATUS   PLAN  SPUS  ${"BOOTSTRAP".padEnd(width)}  CREATED`, `main  Running  free  1     ${bootstrap.padEnd(width)}  ${row.createdAt.toISOString()}`, ""].join("\n"),
    );

    // Use: a fresh SCRAM login for this machine, written as the current profile named after the cluster.
    const before = Date.now();
    const used = await cli(["cloud", "cluster", "use", "main"]);
    expect(used.stderr).toBe("");
    const credential = await api.prisma.clusterCredential.findFirstOrThrow({ where: { clusterId: row.id } });
    expect(credential.username).toMatch(new RegExp(`^${credentialName(hostname(), new Date(before)).slice(0, -6)}\\d{6}$`));
    expect(used.stdout).toBe(`profile "main" is current: ${bootstrap}, SASL SCRAM-SHA-256 as "${credential.username}"\n`);
    const config = await readConfigJson();
    expect(config.currentProfile).toBe("main");
    expect(config.profiles).toEqual({ main: { bootstrap, sasl: { mechanism: "scram-sha-256", username: credential.username, password: expect.any(String) as string }, cloudClusterId: row.id } });

    // The plain data-plane commands now reach the tenant cluster with that login.
    expect(await cli(["topic", "create", "orders", "-p", "2"])).toMatchObject({ code: 0, stdout: 'topic "orders" created\n' });
    const produced = await cli(["produce", "orders"], "one\ntwo\n");
    expect([produced.code, produced.stderr]).toEqual([0, expect.stringMatching(/^produced 2 records \(6 B\) to "orders" in [\d.]+ s\n$/)]);
    const consumed = await cli(["consume", "orders", "-B", "-d"]);
    expect([consumed.code, consumed.stdout.split("\n").sort()]).toEqual([0, ["", "one", "two"]]);
    // …and it is the same cluster the control plane sees.
    expect(await ada.topics.list.query({ clusterId: row.id })).toMatchObject([{ name: "orders", partitions: 2, replicationFactor: 1, derivedFrom: null }]);

    // A revoked key: refused with one line, and a login with it does not replace the saved one.
    await ada.apiKeys.revoke.mutate({ apiKeyId: key.id });
    const revoked = await cli(["cloud", "cluster", "list"]);
    expect([revoked.code, revoked.stdout, revoked.stderr]).toEqual([1, "", REFUSED()]);
    const relogin = await cli(["cloud", "login", "--api-url", api.url, "--api-key", key.secret]);
    expect([relogin.code, relogin.stderr]).toEqual([1, REFUSED()]);

    // A member's key (FRESHET_API_KEY this time) may not delete; an admin's may.
    const member = await ada.apiKeys.create.mutate({ name: "member", role: "member" });
    expect((await runCli(home, ["cloud", "login", "--api-url", api.url], undefined, { FRESHET_API_KEY: member.secret })).stdout).toBe(
      `logged in to ${api.url} as ada@example.com: organization "Acme" (acme) as member\n`,
    );
    const forbidden = await cli(["cloud", "cluster", "delete", "main", "--yes"]);
    expect([forbidden.code, forbidden.stdout, forbidden.stderr]).toEqual([1, "", "freshet: Only an organization's owners and admins can do this.\n"]);
    const admin = await ada.apiKeys.create.mutate({ name: "admin", role: "admin" });
    expect((await cli(["cloud", "login", "--api-url", api.url], admin.secret)).code).toBe(0);

    // Nothing to ask on (stdin is a pipe): without --yes nothing is deleted.
    const unconfirmed = await cli(["cloud", "cluster", "delete", "main"]);
    expect([unconfirmed.code, unconfirmed.stderr]).toEqual([
      2,
      'freshet: Deleting cluster "main" removes its topics, records and credentials for good. Pass --yes to confirm (stdin is not a terminal to ask on).\n',
    ]);
    const deleted = await cli(["cloud", "cluster", "delete", "main", "--yes", "--wait"]);
    expect([deleted.code, deleted.stdout, deleted.stderr]).toEqual([0, 'cluster "main": Deleting\ncluster "main": Deleted\n', ""]);
    expect(await provisioning.driver.processes(row.id)).toEqual([]);
    expect((await cli(["cloud", "cluster", "list"])).stdout).toBe("NAME  STATUS  PLAN  SPUS  BOOTSTRAP  CREATED\n");
    const gone = await cli(["cloud", "cluster", "use", "main"]);
    expect([gone.code, gone.stderr]).toEqual([1, 'freshet: no cluster named "main" — see `freshet cloud cluster list`\n']);
  }, 150_000); // a dozen CLI processes and a cluster provisioned: 33 s alone in CI, twice that beside other suites

  it("logs in as the person with --device once they approve the code in the console, in the organization --org names", async () => {
    await ada.orgs.create.mutate({ name: "Labs", slug: "labs" });
    /** What the console's /device page does when Ada opens the link the CLI printed and approves (or denies) it. */
    const answerWhenAsked = (approve: boolean) => {
      let answered = false;
      return (stdout: string) => {
        const link = /open (\S+)\n/.exec(stdout)?.[1];
        if (link === undefined || answered) return;
        answered = true;
        const userCode = new URL(link).searchParams.get("user_code")!;
        void lookUpDeviceCode(api, adaCookie, userCode).then(() => answerDeviceCode(api, adaCookie, userCode, approve));
      };
    };
    const deviceLogin = (args: string[], approve: boolean) => runCli(home, ["cloud", "login", "--api-url", api.url, "--device", ...args], undefined, {}, answerWhenAsked(approve));

    const before = await readConfigJson();
    const denied = await deviceLogin([], false);
    expect([denied.code, denied.stderr]).toEqual([1, "freshet: the login was denied in the console\n"]);
    expect(await readConfigJson()).toEqual(before);

    const login = await deviceLogin(["--org", "labs"], true);
    expect(login.stderr).toBe("");
    const [prompt, check, done] = login.stdout.split("\n");
    expect(prompt).toMatch(new RegExp(`^To log in, open ${CONSOLE_ORIGIN}/device\\?user_code=[A-Z2-9]{8}$`));
    expect(check).toMatch(new RegExp(`^and check that it shows the code [A-Z2-9]{4}-[A-Z2-9]{4} \\(or enter it at ${CONSOLE_ORIGIN}/device\\)\\. It expires in 10 minutes\\.$`));
    expect(done).toBe(`logged in to ${api.url} as ada@example.com: organization "Labs" (labs) as owner; --org picks another: acme`);
    expect(login.code).toBe(0);
    const saved = (await readConfigJson()).cloud as { apiUrl: string; sessionToken: string };
    expect(saved.apiUrl).toBe(api.url);
    expect(await api.prisma.session.count({ where: { token: saved.sessionToken } })).toBe(1);

    // The CLI now works in Labs as Ada; her browser session stays in Acme.
    const created = await cli(["cloud", "cluster", "create", "lab-cluster"]);
    expect([created.code, created.stderr]).toEqual([0, ""]);
    expect((await api.prisma.cluster.findFirstOrThrow({ where: { name: "lab-cluster" }, include: { org: true } })).org.slug).toBe("labs");
    const browser = await ada.me.get.query();
    expect(browser.organizations.find((o) => o.id === browser.activeOrganizationId)?.slug).toBe("acme");
    await cli(["cloud", "cluster", "delete", "lab-cluster", "--yes", "--wait"]);

    // Signed out elsewhere: one line saying what to do.
    await api.prisma.session.deleteMany({ where: { token: saved.sessionToken } });
    const expired = await cli(["cloud", "cluster", "list"]);
    expect([expired.code, expired.stderr]).toEqual([1, `freshet: the login at ${api.url} has expired or was signed out — log in again with \`freshet cloud login\`\n`]);

    const unknownOrg = await cli(["cloud", "login", "--api-url", api.url, "--org", "labs"]);
    expect([unknownOrg.code, unknownOrg.stderr]).toEqual([2, "freshet: --org goes with --device (an API key belongs to one organization)\n"]);
  });
});
