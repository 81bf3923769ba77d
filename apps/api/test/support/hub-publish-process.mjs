// One publisher as its own process, for the race in test/hub.test.ts: reads a prepared upload
// (manifest, readme, signature, artifact as base64), waits for the shared start instant so two
// such processes send together, POSTs it as the CLI does and prints the status and body as JSON.
import { Blob, Buffer } from "node:buffer";
import { readFileSync } from "node:fs";
import process from "node:process";
import { setTimeout as sleep } from "node:timers/promises";

// Node 20 has fetch and FormData only as globals (no module exports them).
const { fetch, FormData } = globalThis;
const [uploadFile, startAt] = process.argv.slice(2);
const upload = JSON.parse(readFileSync(uploadFile, "utf8"));
const form = new FormData();
form.append("manifest", upload.manifest);
form.append("readme", upload.readme);
form.append("signature", upload.signature);
form.append("artifact", new Blob([Buffer.from(upload.artifact, "base64")], { type: "application/wasm" }), "module.wasm");
await sleep(Math.max(0, Number(startAt) - Date.now()));
const response = await fetch(`${upload.apiUrl}/api/hub/packages`, { method: "POST", headers: { authorization: `Bearer ${upload.publishKey}` }, body: form });
process.stdout.write(JSON.stringify({ status: response.status, body: await response.json() }));
