import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import type { HubManifest } from "@freshet/hub/manifest";
import type { SignatureBundle } from "@freshet/hub/signing";
import { afterEach, describe, expect, it } from "vitest";
import { downloadArtifact, PUBLISH_PATH, uploadPackage } from "./hub-http.js";

type Handler = (req: IncomingMessage, body: Buffer, res: ServerResponse) => void;

let server: Server | null = null;

/** A stand-in for the API's REST routes on a free port, answering with `handler`. */
async function fakeApi(handler: Handler): Promise<string> {
  server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (chunk: Buffer) => chunks.push(chunk));
    req.on("end", () => handler(req, Buffer.concat(chunks), res));
  });
  await new Promise<void>((resolve) => server!.listen(0, "127.0.0.1", resolve));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

afterEach(async () => {
  await new Promise((resolve) => (server === null ? resolve(undefined) : server.close(resolve)));
  server = null;
});

const manifest = { group: "acme", name: "hot", version: "1.2.0", kind: "smartmodule" } as HubManifest;
const bundle = { mediaType: "application/vnd.dev.sigstore.bundle.v0.3+json" } as unknown as SignatureBundle;
const artifact = new Uint8Array([0, 97, 115, 109, 1, 0, 0, 0]);

const json = (res: ServerResponse, status: number, body: unknown) => {
  res.writeHead(status, { "content-type": "application/json" });
  res.end(JSON.stringify(body));
};

describe("uploadPackage", () => {
  it("posts the manifest, README, signature and artifact as multipart parts with the publishing key", async () => {
    let seen: { path?: string; authorization?: string; form?: FormData } = {};
    const url = await fakeApi((req, body, res) => {
      void new Request("http://x", { method: "POST", headers: { "content-type": req.headers["content-type"]! }, body }).formData().then((form) => {
        seen = { path: req.url, authorization: req.headers.authorization, form };
        json(res, 201, { group: "acme", name: "hot", version: "1.2.0", digest: "d".repeat(64) });
      });
    });
    const published = await uploadPackage(url, "fsk_publish", { manifest, readme: "# hot", bundle, artifact });
    expect(published).toEqual({ group: "acme", name: "hot", version: "1.2.0", digest: "d".repeat(64) });
    expect(seen.path).toBe(PUBLISH_PATH);
    expect(seen.authorization).toBe("Bearer fsk_publish");
    expect(JSON.parse(seen.form!.get("manifest") as string)).toEqual(manifest);
    expect(seen.form!.get("readme")).toBe("# hot");
    expect(JSON.parse(seen.form!.get("signature") as string)).toEqual(bundle);
    const file = seen.form!.get("artifact") as File;
    expect([file.name, file.type, new Uint8Array(await file.arrayBuffer())]).toEqual(["hot.wasm", "application/wasm", artifact]);
  });

  it("says what the API said when it refuses, and the status when something else answers", async () => {
    const message = "acme/hot@1.2.0 already exists; versions are immutable, publish a new version.";
    let answer: Handler = (_req, _body, res) => json(res, 409, { error: { message, data: { code: "CONFLICT", httpStatus: 409 } } });
    const url = await fakeApi((req, body, res) => answer(req, body, res));
    await expect(uploadPackage(url, "fsk_publish", { manifest, readme: "", bundle, artifact })).rejects.toMatchObject({ name: "UserError", message });
    answer = (_req, _body, res) => {
      res.writeHead(502, { "content-type": "text/html" });
      res.end("<html>bad gateway</html>");
    };
    await expect(uploadPackage(url, "fsk_publish", { manifest, readme: "", bundle, artifact })).rejects.toMatchObject({ message: "publishing failed: HTTP 502 Bad Gateway" });
  });

  it("names the address when nothing listens there", async () => {
    const url = await fakeApi(() => undefined);
    await new Promise((resolve) => server!.close(resolve));
    server = null;
    await expect(uploadPackage(url, "fsk_publish", { manifest, readme: "", bundle, artifact })).rejects.toMatchObject({
      message: `cannot reach the Freshet API at ${url} (connect ECONNREFUSED ${url.slice(7)})`,
    });
  });
});

describe("downloadArtifact", () => {
  it("gets the bytes, with the login only when there is one", async () => {
    const authorizations: (string | undefined)[] = [];
    const url = await fakeApi((req, _body, res) => {
      authorizations.push(req.headers.authorization);
      res.writeHead(200, { "content-type": "application/wasm" });
      res.end(Buffer.from(artifact));
    });
    expect(await downloadArtifact(url, "/api/hub/packages/acme/hot/1.2.0/artifact", null)).toEqual(artifact);
    expect(await downloadArtifact(url, "/api/hub/packages/acme/hot/1.2.0/artifact", "fsk_key")).toEqual(artifact);
    expect(authorizations).toEqual([undefined, "Bearer fsk_key"]);
  });
});
