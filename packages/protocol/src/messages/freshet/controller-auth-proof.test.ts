import { createHmac } from "node:crypto";
import { describe, expect, it } from "vitest";
import { controllerClientProof, controllerNonce, controllerServerProof, sameProof } from "./controller-auth-proof.js";

const secret = new Uint8Array(32).fill(9);
const clientNonce = new Uint8Array(32).fill(1);
const serverNonce = new Uint8Array(32).fill(2);

describe("controller authentication proofs", () => {
  it("are HMAC-SHA256 of a side label, a zero byte and both nonces", async () => {
    const expected = createHmac("sha256", secret)
      .update(Buffer.concat([Buffer.from("freshet-controller-client-v1"), Buffer.from([0]), clientNonce, serverNonce]))
      .digest();
    expect(Buffer.from(await controllerClientProof(secret, clientNonce, serverNonce))).toEqual(expected);
  });

  it("differ between the sides, the nonces and the secrets", async () => {
    const client = await controllerClientProof(secret, clientNonce, serverNonce);
    expect(sameProof(client, await controllerServerProof(secret, clientNonce, serverNonce))).toBe(false);
    expect(sameProof(client, await controllerClientProof(secret, clientNonce, controllerNonce()))).toBe(false);
    expect(sameProof(client, await controllerClientProof(new Uint8Array(32).fill(8), clientNonce, serverNonce))).toBe(false);
    expect(sameProof(client, client.slice())).toBe(true);
    expect(sameProof(client, client.subarray(1))).toBe(false);
  });
});
