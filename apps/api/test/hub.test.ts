import { spawn } from "node:child_process";
import { generateKeyPairSync } from "node:crypto";
import { mkdtemp, readdir, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { verifyPackage } from "@freshet/hub/signing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { CONSOLE_ORIGIN, codeOf, signUp, startTestApi, trpcClient, type Client, type TestApi } from "./support/api-harness.js";
import { sha256 } from "./support/digest.js";
import { fakeComponent, publish, refusalOf, setUpPublisher, signedUpload, smartModuleManifest, type Publisher } from "./support/hub-publisher.js";

const PUBLISH_PROCESS = fileURLToPath(new URL("./support/hub-publish-process.mjs", import.meta.url));

let api: TestApi;
let adaCookie: string;
let ada: Client;
let eveCookie: string;
let eve: Client;
let anonymous: Client;
let acme: Publisher;

beforeAll(async () => {
  api = await startTestApi();
  adaCookie = await signUp(api, "ada@example.com");
  ada = trpcClient(api, { cookie: adaCookie });
  const org = await ada.orgs.create.mutate({ name: "Acme", slug: "acme" });
  await ada.orgs.setActive.mutate({ organizationId: org.id });
  acme = await setUpPublisher(ada, "acme");
  eveCookie = await signUp(api, "eve@example.com");
  eve = trpcClient(api, { cookie: eveCookie });
  const evil = await eve.orgs.create.mutate({ name: "Evil", slug: "evil" });
  await eve.orgs.setActive.mutate({ organizationId: evil.id });
  anonymous = trpcClient(api, null);
}, 60_000);
afterAll(async () => {
  await api?.close();
});

const published = (manifest: Parameters<typeof smartModuleManifest>[0], artifact = fakeComponent()) =>
  publish(api.url, acme.publishKey, { manifest: smartModuleManifest(manifest), artifact }, acme.keys.privateKeyPem);
const download = (path: string, headers: Record<string, string> = {}) => fetch(`${api.url}${path}`, { headers });

describe("publish → search → package → resolve → download", () => {
  it("serves what was published, verified, and counts the download", async () => {
    const artifact = fakeComponent();
    const response = await publish(
      api.url,
      acme.publishKey,
      { manifest: smartModuleManifest({ group: "acme" }), artifact, readme: "# acme/hot\n\nKeeps the hottest readings.\n" },
      acme.keys.privateKeyPem,
    );
    expect(response.status).toBe(201);
    expect(await response.json()).toEqual({ group: "acme", name: "hot", version: "1.2.0", digest: sha256(artifact) });

    const found = await anonymous.hub.search.query({ q: "temperatures" });
    expect(found).toEqual([
      {
        group: "acme",
        name: "hot",
        kind: "smartmodule",
        description: "Keeps the hottest sensor readings.",
        keywords: ["temperature", "iot"],
        latestVersion: "1.2.0",
        visibility: "public",
        downloads30d: 0,
      },
    ]);
    expect((await anonymous.hub.search.query({ q: "acme/hot" })).map((p) => p.name)).toEqual(["hot"]);
    expect(await anonymous.hub.search.query({ q: "temperatures", kind: "connector" })).toEqual([]);
    expect(await anonymous.hub.search.query({ q: "kafka" })).toEqual([]);

    const page = await anonymous.hub.package.query({ group: "acme", name: "hot" });
    expect(page).toMatchObject({
      group: "acme",
      name: "hot",
      ownedByMe: false,
      takenDown: null,
      latest: "1.2.0",
      readme: "# acme/hot\n\nKeeps the hottest readings.\n",
      license: "Apache-2.0",
      repository: "https://github.com/acme/hot",
    });
    expect(page.versions).toEqual([{ version: "1.2.0", publishedAt: expect.any(String) as unknown, digest: sha256(artifact), sizeBytes: artifact.byteLength, keyId: acme.keys.keyId, yanked: null }]);
    expect(page.downloadsPerDay).toHaveLength(30);
    expect((await ada.hub.package.query({ group: "acme", name: "hot" })).ownedByMe).toBe(true);

    const resolved = await anonymous.hub.resolve.query({ group: "acme", name: "hot", range: "^1" });
    expect(resolved).toMatchObject({ version: "1.2.0", digest: sha256(artifact), keyId: acme.keys.keyId, yanked: null, artifactPath: "/api/hub/packages/acme/hot/1.2.0/artifact" });
    const served = await download(resolved.artifactPath);
    expect([served.status, served.headers.get("content-type"), served.headers.get("x-freshet-digest")]).toEqual([200, "application/wasm", sha256(artifact)]);
    const bytes = new Uint8Array(await served.arrayBuffer());
    expect(bytes).toEqual(artifact);
    const verified = verifyPackage({ bundle: resolved.bundle, manifest: resolved.manifest as never, artifact: bytes, trustedKeys: [{ keyId: resolved.keyId, publicKeyPem: resolved.publicKeyPem }] });
    expect(verified).toEqual({ ok: true, keyId: acme.keys.keyId });

    const today = new Date().toISOString().slice(0, 10);
    expect((await anonymous.hub.package.query({ group: "acme", name: "hot" })).downloadsPerDay.at(-1)).toEqual({ day: today, count: 1 });
    expect((await anonymous.hub.search.query({ q: "temperatures" }))[0]?.downloads30d).toBe(1);
    expect((await ada.hub.mine.query()).find((p) => p.name === "hot")).toMatchObject({ downloads30d: 1, downloadsTotal: 1, latestVersion: "1.2.0", versions: 1 });

    const audit = await api.prisma.auditLog.findFirstOrThrow({ where: { action: "hub.publish" }, include: { actorApiKey: true, actorUser: true } });
    expect([audit.actorApiKey?.name, audit.actorUser?.email, audit.metadata]).toEqual([
      "acme publishing",
      "ada@example.com",
      { package: "acme/hot", version: "1.2.0", digest: sha256(artifact), keyId: acme.keys.keyId },
    ]);
  });

  it("refuses the same version again: versions are immutable", async () => {
    const again = await published({ group: "acme", name: "hot", version: "1.2.0" });
    expect(await refusalOf(again)).toEqual({ status: 409, message: "acme/hot@1.2.0 already exists; versions are immutable, publish a new version." });
  });

  it("lets exactly one of two publishers racing from two processes have a version", async () => {
    const dir = await mkdtemp(join(tmpdir(), "freshet-hub-race-"));
    try {
      const manifest = smartModuleManifest({ group: "acme", name: "race", version: "1.0.0" });
      // Two different artifacts for one version: whoever wins, the loser's bytes must never be served under it.
      const uploads = await Promise.all([fakeComponent(), fakeComponent()].map((artifact) => signedUpload({ manifest, artifact }, acme.keys.privateKeyPem)));
      const files = await Promise.all(
        uploads.map(async (upload, i) => {
          const file = join(dir, `upload-${i}.json`);
          const body = {
            apiUrl: api.url,
            publishKey: acme.publishKey,
            manifest: JSON.stringify(upload.manifest),
            readme: upload.readme,
            signature: JSON.stringify(upload.bundle),
            artifact: Buffer.from(upload.artifact).toString("base64"),
          };
          await writeFile(file, JSON.stringify(body));
          return file;
        }),
      );
      const startAt = String(Date.now() + 1_500);
      const results = await Promise.all(files.map((file) => runProcess([PUBLISH_PROCESS, file, startAt])));
      const answers = results.map((out) => JSON.parse(out) as { status: number; body: { digest?: string; error?: { message: string } } });
      expect(answers.map((a) => a.status).sort()).toEqual([201, 409]);
      expect(answers.find((a) => a.status === 409)?.body.error?.message).toBe("acme/race@1.0.0 already exists; versions are immutable, publish a new version.");
      const winner = answers.find((a) => a.status === 201)!.body.digest;
      const rows = await api.prisma.hubVersion.findMany({ where: { package: { name: "race" } } });
      expect(rows.map((r) => [r.version, r.digest])).toEqual([["1.0.0", winner]]);
      expect((await download("/api/hub/packages/acme/race/1.0.0/artifact")).headers.get("x-freshet-digest")).toBe(winner);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  }, 30_000);
});

describe("private packages", () => {
  it("are seen by their org only: another org and anonymous callers are told they do not exist", async () => {
    expect((await published({ group: "acme", name: "secret", version: "0.1.0", visibility: "private", description: "Internal sensor sauce." })).status).toBe(201);

    expect((await ada.hub.search.query({ q: "sauce" })).map((p) => [p.name, p.visibility])).toEqual([["secret", "private"]]);
    expect(await eve.hub.search.query({ q: "sauce" })).toEqual([]);
    expect(await anonymous.hub.search.query({ q: "sauce" })).toEqual([]);
    expect(JSON.stringify(await eve.hub.search.query({}))).not.toContain("secret");

    for (const caller of [eve, anonymous]) {
      expect(await codeOf(() => caller.hub.package.query({ group: "acme", name: "secret" }))).toBe("NOT_FOUND");
      expect(await codeOf(() => caller.hub.resolve.query({ group: "acme", name: "secret", range: "*" }))).toBe("NOT_FOUND");
    }
    const message = await eve.hub.package.query({ group: "acme", name: "secret" }).catch((e: Error) => e.message);
    expect(message).toBe("No package acme/secret on the Hub.");

    const path = "/api/hub/packages/acme/secret/0.1.0/artifact";
    expect((await download(path)).status).toBe(404);
    expect((await download(path, { cookie: eveCookie, origin: CONSOLE_ORIGIN })).status).toBe(404);
    expect((await download(path, { cookie: adaCookie, origin: CONSOLE_ORIGIN })).status).toBe(200);
    expect((await download(path, { authorization: `Bearer ${acme.publishKey}` })).status).toBe(200);
    expect((await ada.hub.resolve.query({ group: "acme", name: "secret", range: "0.1.0" })).version).toBe("0.1.0");
  });
});

describe("stored artifacts", () => {
  it("never serves bytes that no longer match their signed digest", async () => {
    const artifact = fakeComponent();
    expect((await published({ group: "acme", name: "tampered", version: "1.0.0" }, artifact)).status).toBe(201);
    const digest = sha256(artifact);
    const stored = join(api.hubDir, "sha256", digest.slice(0, 2));
    expect(await readdir(stored)).toContain(digest);
    await writeFile(join(stored, digest), Buffer.concat([Buffer.from(artifact), Buffer.from("evil")]));

    const answer = await download("/api/hub/packages/acme/tampered/1.0.0/artifact");
    expect(await refusalOf(answer)).toEqual({ status: 502, message: "The stored artifact of acme/tampered@1.0.0 does not match its signed digest; it was not served." });
    expect((await anonymous.hub.package.query({ group: "acme", name: "tampered" })).downloadsPerDay.reduce((sum, d) => sum + d.count, 0)).toBe(0);
  });
});

describe("yank", () => {
  it("keeps a version out of ranges while an exact request still resolves it, with the reason", async () => {
    for (const version of ["2.0.0", "2.1.0"]) expect((await published({ group: "acme", name: "yanky", version })).status).toBe(201);
    expect(await codeOf(() => eve.hub.yank.mutate({ group: "acme", name: "yanky", version: "2.1.0", reason: "mine now" }))).toBe("NOT_FOUND");
    expect(await ada.hub.yank.mutate({ group: "acme", name: "yanky", version: "2.1.0", reason: "Drops every reading." })).toEqual({ version: "2.1.0", yanked: true });

    expect((await anonymous.hub.resolve.query({ group: "acme", name: "yanky", range: "^2" })).version).toBe("2.0.0");
    expect(await anonymous.hub.resolve.query({ group: "acme", name: "yanky", range: "2.1.0" })).toMatchObject({ version: "2.1.0", yanked: { reason: "Drops every reading." } });
    const page = await anonymous.hub.package.query({ group: "acme", name: "yanky" });
    expect([page.latest, page.versions.map((v) => [v.version, v.yanked?.reason ?? null])]).toEqual([
      "2.0.0",
      [
        ["2.1.0", "Drops every reading."],
        ["2.0.0", null],
      ],
    ]);
    const none = await anonymous.hub.resolve.query({ group: "acme", name: "yanky", range: "^3" }).catch((e: Error) => e.message);
    expect(none).toBe("No version of acme/yanky matches ^3; it has 2.0.0, 2.1.0 (yanked).");

    await ada.hub.unyank.mutate({ group: "acme", name: "yanky", version: "2.1.0" });
    expect((await anonymous.hub.resolve.query({ group: "acme", name: "yanky", range: "^2" })).version).toBe("2.1.0");
    const actions = await api.prisma.auditLog.findMany({ where: { action: { in: ["hub.yank", "hub.unyank"] } }, orderBy: { createdAt: "asc" } });
    expect(actions.map((a) => a.action)).toEqual(["hub.yank", "hub.unyank"]);
  });
});

describe("refusals, each one plain sentence", () => {
  const manifest = () => smartModuleManifest({ group: "acme", name: "refused", version: "1.0.0" });

  it("needs an API key with the hub:publish scope, never a session", async () => {
    const upload = { manifest: manifest(), artifact: fakeComponent() };
    expect(await refusalOf(await publish(api.url, null, upload, acme.keys.privateKeyPem))).toEqual({
      status: 401,
      message: "Publishing to the Hub needs an API key with the hub:publish scope; run `freshet hub login` to create one.",
    });
    const plain = await ada.apiKeys.create.mutate({ name: "no scope" });
    expect(plain.scopes).toEqual([]);
    expect(await refusalOf(await publish(api.url, plain.secret, upload, acme.keys.privateKeyPem))).toEqual({
      status: 403,
      message: "This API key cannot publish to the Hub; create a key with the hub:publish scope.",
    });
    const withCookie = await fetch(`${api.url}/api/hub/packages`, { method: "POST", headers: { cookie: adaCookie, origin: CONSOLE_ORIGIN }, body: new FormData() });
    expect((await refusalOf(withCookie)).status).toBe(401);
  });

  it("refuses a body that is not the four parts", async () => {
    const post = (body: BodyInit, headers: Record<string, string> = {}) =>
      fetch(`${api.url}/api/hub/packages`, { method: "POST", headers: { authorization: `Bearer ${acme.publishKey}`, ...headers }, body });
    expect(await refusalOf(await post(JSON.stringify({ manifest: {} }), { "content-type": "application/json" }))).toEqual({
      status: 400,
      message: "Publish a package as multipart/form-data with the parts manifest, readme, signature and artifact.",
    });
    const partial = new FormData();
    partial.append("manifest", JSON.stringify(manifest()));
    partial.append("readme", "# refused");
    expect(await refusalOf(await post(partial))).toEqual({ status: 400, message: "The publish is missing the parts signature, artifact." });
    const extra = new FormData();
    extra.append("manifest", "{}");
    extra.append("license-text", "MIT");
    expect(await refusalOf(await post(extra))).toEqual({ status: 400, message: 'Unknown part "license-text"; the parts are manifest, readme, signature and artifact.' });
  });

  it("refuses a signature by a key the org did not register, or revoked", async () => {
    const stranger = generateKeyPairSync("ed25519");
    const strangerPem = stranger.privateKey.export({ type: "pkcs8", format: "pem" }).toString();
    const refused = await refusalOf(await publish(api.url, acme.publishKey, { manifest: manifest(), artifact: fakeComponent() }, strangerPem));
    expect(refused.status).toBe(400);
    expect(refused.message).toMatch(/^acme\/refused@1\.0\.0 is signed by key [0-9a-f]+.*, which is not a key of group acme\.$/);

    const spare = await setUpKey(ada);
    await ada.hub.keys.revoke.mutate({ keyId: spare.keyId });
    expect((await refusalOf(await publish(api.url, acme.publishKey, { manifest: manifest(), artifact: fakeComponent() }, spare.privateKeyPem))).status).toBe(400);
    expect((await ada.hub.keys.list.query()).map((k) => [k.keyId, k.revokedAt !== null])).toEqual([
      [acme.keys.keyId, false],
      [spare.keyId, true],
    ]);
  });

  it("refuses a manifest that does not hold, and a group of another org", async () => {
    const invalid = await publish(api.url, acme.publishKey, { manifest: { ...manifest(), version: "one" }, artifact: fakeComponent() }, acme.keys.privateKeyPem);
    const sentence = await refusalOf(invalid);
    expect(sentence).toEqual({ status: 400, message: expect.stringContaining('"one"') as unknown });
    expect(sentence.message).not.toContain("{");

    const evil = await setUpPublisher(eve, "evil");
    const intruding = await publish(api.url, evil.publishKey, { manifest: manifest(), artifact: fakeComponent() }, evil.keys.privateKeyPem);
    expect(await refusalOf(intruding)).toEqual({ status: 403, message: "The group acme belongs to another organization." });
    expect(await eve.hub.groups.claim.mutate({ name: "acme" }).catch((e: Error) => e.message)).toBe("The group acme is already claimed.");
    const rsa = generateKeyPairSync("rsa", { modulusLength: 2048 }).publicKey.export({ type: "spki", format: "pem" }).toString();
    expect(await eve.hub.keys.register.mutate({ name: "rsa", publicKeyPem: rsa }).catch((e: Error) => e.message)).toBe("The key is not an Ed25519 key (it is rsa); freshet hub keygen makes one.");
  });
});

describe("takedown", () => {
  it("hides a package from search and resolve and refuses its downloads with staff's reason", async () => {
    expect((await published({ group: "acme", name: "malware", version: "1.0.0", description: "Totally harmless miner." })).status).toBe(201);
    expect(await codeOf(() => ada.staff.hub.takedown.mutate({ group: "acme", name: "malware", reason: "Mines coins." }))).toBe("FORBIDDEN");
    const staffCookie = await signUp(api, "sam@freshet.io");
    await api.prisma.user.update({ where: { email: "sam@freshet.io" }, data: { isStaff: true } });
    const staff = trpcClient(api, { cookie: staffCookie });
    expect(await staff.staff.hub.takedown.mutate({ group: "acme", name: "malware", reason: "Mines coins." })).toEqual({ package: "acme/malware", reason: "Mines coins." });

    expect(await anonymous.hub.search.query({ q: "miner" })).toEqual([]);
    expect((await anonymous.hub.package.query({ group: "acme", name: "malware" })).takenDown).toEqual({ reason: "Mines coins." });
    const why = "acme/malware was taken down by Freshet staff: Mines coins.";
    expect(await anonymous.hub.resolve.query({ group: "acme", name: "malware", range: "*" }).catch((e: Error) => e.message)).toBe(why);
    expect(await refusalOf(await download("/api/hub/packages/acme/malware/1.0.0/artifact"))).toEqual({ status: 404, message: why });
    const audit = await api.prisma.auditLog.findFirstOrThrow({ where: { action: "hub.takedown" }, include: { actorUser: true } });
    expect(audit.actorUser?.email).toBe("sam@freshet.io");
  });
});

describe("search without words", () => {
  it("lists the most downloaded packages first, public ones only for strangers", async () => {
    for (let i = 0; i < 3; i++) expect((await download("/api/hub/packages/acme/yanky/2.0.0/artifact")).status).toBe(200);
    const listed = await anonymous.hub.search.query({});
    expect(listed.map((p) => [p.name, p.downloads30d]).slice(0, 2)).toEqual([
      ["yanky", 3],
      ["hot", 1],
    ]);
    expect(listed.every((p) => p.visibility === "public")).toBe(true);
    expect((await anonymous.hub.search.query({ limit: 1 })).map((p) => p.name)).toEqual(["yanky"]);
  });
});

async function setUpKey(admin: Client) {
  const { privateKey, publicKey } = generateKeyPairSync("ed25519");
  const { keyId } = await admin.hub.keys.register.mutate({ name: "spare", publicKeyPem: publicKey.export({ type: "spki", format: "pem" }).toString() });
  return { keyId, privateKeyPem: privateKey.export({ type: "pkcs8", format: "pem" }).toString() };
}

function runProcess(args: string[]): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, args, { stdio: ["ignore", "pipe", "pipe"] });
    let out = "";
    let err = "";
    child.stdout.on("data", (chunk: Buffer) => (out += chunk.toString()));
    child.stderr.on("data", (chunk: Buffer) => (err += chunk.toString()));
    child.on("error", reject);
    child.on("exit", (code) => (code === 0 ? resolve(out) : reject(new Error(`publisher exited with ${code}: ${err}`))));
  });
}
