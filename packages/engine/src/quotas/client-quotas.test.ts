import { describe, expect, it } from "vitest";
import { applyQuotaChanges, describeQuotas, entityKey, parseQuotaChange, quotaFor, type ClientQuotas } from "./client-quotas.js";

const defaultUser = [{ entityType: "user", entityName: null }];

function change(entity: { entityType: string; entityName: string | null }[], ops: { key: string; value: number; remove?: boolean }[]) {
  const parsed = parseQuotaChange({ entity, ops: ops.map((op) => ({ remove: false, ...op })) });
  if (!parsed.ok) throw new Error(parsed.error.message);
  return parsed.value;
}

describe("client quotas", () => {
  it("refuses unknown entity types and keys, non-positive rates and a key changed twice, in one sentence", () => {
    expect(parseQuotaChange({ entity: [{ entityType: "ip", entityName: null }], ops: [] })).toMatchObject({ ok: false, error: { errorName: "INVALID_REQUEST" } });
    expect(parseQuotaChange({ entity: defaultUser, ops: [{ key: "request_percentage", value: 1, remove: false }] })).toMatchObject({ ok: false });
    expect(parseQuotaChange({ entity: defaultUser, ops: [{ key: "producer_byte_rate", value: 0, remove: false }] })).toMatchObject({ ok: false });
    const twice = parseQuotaChange({
      entity: defaultUser,
      ops: [
        { key: "producer_byte_rate", value: 1, remove: false },
        { key: "producer_byte_rate", value: 0, remove: true },
      ],
    });
    expect(twice).toEqual({ ok: false, error: { errorName: "INVALID_REQUEST", message: "quota 'producer_byte_rate' is changed twice for one entity" } });
  });

  it("keys an entity the same whatever order its parts come in", () => {
    const a = change(
      [
        { entityType: "client-id", entityName: "c" },
        { entityType: "user", entityName: "u" },
      ],
      [],
    ).entity;
    expect(entityKey(a)).toBe("user=u,client-id=c");
  });

  it("sets, merges and removes values, dropping an entity left without any", () => {
    let quotas: ClientQuotas = applyQuotaChanges({}, [change(defaultUser, [{ key: "producer_byte_rate", value: 1000 }])]);
    quotas = applyQuotaChanges(quotas, [change(defaultUser, [{ key: "consumer_byte_rate", value: 2000 }])]);
    expect(quotas).toEqual({ "user=<default>": { entity: defaultUser, values: { producer_byte_rate: 1000, consumer_byte_rate: 2000 } } });
    quotas = applyQuotaChanges(quotas, [
      change(defaultUser, [
        { key: "producer_byte_rate", value: 0, remove: true },
        { key: "consumer_byte_rate", value: 0, remove: true },
      ]),
    ]);
    expect(quotas).toEqual({});
  });

  it("applies the user's own quota before the default user's, then client ids", () => {
    const quotas = applyQuotaChanges({}, [
      change(defaultUser, [{ key: "producer_byte_rate", value: 100 }]),
      change([{ entityType: "user", entityName: "alice" }], [{ key: "producer_byte_rate", value: 500 }]),
      change([{ entityType: "client-id", entityName: null }], [{ key: "producer_byte_rate", value: 7 }]),
    ]);
    expect(quotaFor(quotas, "producer_byte_rate", "alice", "x")).toEqual({ rate: 500, bucket: "user=alice" });
    // Each user under the default quota has a bucket of its own.
    expect(quotaFor(quotas, "producer_byte_rate", "bob", "x")).toEqual({ rate: 100, bucket: "user=bob" });
    expect(quotaFor(quotas, "consumer_byte_rate", "bob", "x")).toBeNull();
  });

  it("describes by exact name, default or any entity, strictly or not", () => {
    const quotas = applyQuotaChanges({}, [
      change(defaultUser, [{ key: "producer_byte_rate", value: 100 }]),
      change(
        [
          { entityType: "user", entityName: "alice" },
          { entityType: "client-id", entityName: "c" },
        ],
        [{ key: "producer_byte_rate", value: 5 }],
      ),
    ]);
    const keys = (components: { entityType: string; matchType: number; match: string | null }[], strict: boolean) => {
      const found = describeQuotas(quotas, components, strict);
      return found.ok ? found.value.map((e) => entityKey(e.entity)) : found.error.errorName;
    };
    expect(keys([{ entityType: "user", matchType: 2, match: null }], false)).toEqual(["user=<default>", "user=alice,client-id=c"]);
    expect(keys([{ entityType: "user", matchType: 2, match: null }], true)).toEqual(["user=<default>"]);
    expect(keys([{ entityType: "user", matchType: 1, match: null }], false)).toEqual(["user=<default>"]);
    expect(keys([{ entityType: "user", matchType: 0, match: "alice" }], false)).toEqual(["user=alice,client-id=c"]);
    expect(keys([{ entityType: "user", matchType: 9, match: null }], false)).toBe("INVALID_REQUEST");
  });
});
