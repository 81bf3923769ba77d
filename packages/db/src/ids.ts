import { randomBytes } from "node:crypto";

/** Every prefix our ids carry; the prefix says what kind of row an id names. */
export const idPrefixes = {
  user: "usr",
  session: "ses",
  account: "acc",
  verification: "ver",
  organization: "org",
  member: "mem",
  invitation: "inv",
  deviceCode: "dev",
  apiKey: "key",
  cluster: "clu",
  clusterCredential: "ccr",
  auditLog: "aud",
  billingAccount: "bac",
  priceVersion: "prc",
  creditGrant: "crg",
  creditLedgerEntry: "cle",
  onboardingRequest: "onb",
  invoice: "ivc",
  invoiceLine: "ivl",
  billingOutbox: "obx",
  connector: "con",
  dataflow: "dfl",
  pipeline: "pip",
  pipelineVersion: "plv",
  alertRule: "alr",
  alertEvent: "ale",
  alertDelivery: "ald",
  hubGroup: "hgr",
  hubPackage: "hpk",
  hubVersion: "hvr",
} as const;

export type IdKind = keyof typeof idPrefixes;
export type IdPrefix = (typeof idPrefixes)[IdKind];

// Crockford base32: no I, L, O, U, so ids survive being read aloud or copied by hand.
const alphabet = "0123456789abcdefghjkmnpqrstvwxyz";
const bodyLength = 26;

/**
 * A new id such as `clu_01jd3k…`: 48 bits of milliseconds then 80 random bits (the ULID layout),
 * so ids of one kind sort by creation time and index well.
 */
export function newId(kind: IdKind, now: number = Date.now()): string {
  const bytes = Buffer.alloc(16);
  bytes.writeUIntBE(now, 0, 6);
  randomBytes(10).copy(bytes, 6);
  return `${idPrefixes[kind]}_${toBase32(bytes)}`;
}

/** Whether a string has the shape of an id of this kind (says nothing about whether the row exists). */
export function isId(kind: IdKind, value: string): boolean {
  const prefix = `${idPrefixes[kind]}_`;
  if (!value.startsWith(prefix) || value.length !== prefix.length + bodyLength) return false;
  for (const char of value.slice(prefix.length)) if (!alphabet.includes(char)) return false;
  return true;
}

function toBase32(bytes: Buffer): string {
  let value = BigInt(`0x${bytes.toString("hex")}`);
  let out = "";
  for (let i = 0; i < bodyLength; i++) {
    out = alphabet[Number(value & 31n)] + out;
    value >>= 5n;
  }
  return out;
}
