import type { Infer, WireType } from "../schema/types.js";

/**
 * One Kafka API: its key, the version range we implement, the first flexible
 * (KIP-482) version, and version-gated request/response schemas that cover every
 * version in the range, mirroring Kafka's own message JSON definitions.
 */
export interface ApiDefinition<Req = unknown, Res = unknown> {
  readonly key: number;
  readonly name: string;
  readonly minVersion: number;
  readonly maxVersion: number;
  /** First flexible version; Infinity when no implemented version is flexible. */
  readonly flexibleFrom: number;
  readonly request: WireType<Req>;
  readonly response: WireType<Res>;
}

export type RequestOf<A> = A extends ApiDefinition<infer Req, unknown> ? Req : never;
export type ResponseOf<A> = A extends ApiDefinition<unknown, infer Res> ? Res : never;

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- see Shape in schema/struct.ts
export function defineApi<Req extends WireType<any>, Res extends WireType<any>>(spec: {
  key: number;
  name: string;
  minVersion: number;
  maxVersion: number;
  flexibleFrom?: number;
  request: Req;
  response: Res;
}): ApiDefinition<Infer<Req>, Infer<Res>> {
  return {
    key: spec.key,
    name: spec.name,
    minVersion: spec.minVersion,
    maxVersion: spec.maxVersion,
    flexibleFrom: spec.flexibleFrom ?? Number.POSITIVE_INFINITY,
    request: spec.request,
    response: spec.response,
  };
}

export function isFlexible(api: ApiDefinition, version: number): boolean {
  return version >= api.flexibleFrom;
}
