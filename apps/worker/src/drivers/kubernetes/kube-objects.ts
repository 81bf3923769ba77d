import { createHash } from "node:crypto";
import { ApiException, KubernetesObjectApi, type KubeConfig, type KubernetesObject } from "@kubernetes/client-node";
import { APPLIED_HASH_ANNOTATION } from "./tenant-names.js";

export type ApplyOutcome = "created" | "updated" | "unchanged";

/** An API call the server refused for a reason retrying the same call cannot fix. */
export class KubernetesApiError extends Error {
  constructor(
    readonly status: number,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = "KubernetesApiError";
  }
}

/** Conflicts (409) retried: another writer changed the object between our read and our write. */
const ATTEMPTS = 5;

function statusOf(error: unknown): number | null {
  return error instanceof ApiException ? (error.code as number) : null;
}

function describe(object: KubernetesObject): string {
  const namespace = object.metadata?.namespace;
  return `${object.kind} ${namespace === undefined ? "" : `${namespace}/`}${object.metadata?.name}`;
}

/** Sorted keys, so equal objects hash equally whatever order their fields were written in. */
function canonical(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(canonical);
  if (value !== null && typeof value === "object") {
    return Object.fromEntries(
      Object.entries(value)
        .filter(([, v]) => v !== undefined)
        .sort(([a], [b]) => a.localeCompare(b))
        .map(([k, v]) => [k, canonical(v)]),
    );
  }
  return value;
}

export function manifestHash(object: KubernetesObject): string {
  return createHash("sha256")
    .update(JSON.stringify(canonical(object)))
    .digest("hex")
    .slice(0, 32);
}

/**
 * Create-or-update over the generic object API of client-node. What the driver applied last is
 * remembered as a hash in an annotation: an object holding the hash of the desired manifest is
 * left alone, anything else is replaced, conditioned on the resourceVersion just read. So a call
 * that died half-way is finished by the next one, and a writer racing us costs a retry, not a
 * lost update.
 */
export class KubeObjects {
  readonly #api: KubernetesObjectApi;

  constructor(kubeConfig: KubeConfig) {
    this.#api = KubernetesObjectApi.makeApiClient(kubeConfig);
  }

  async apply<T extends KubernetesObject>(desired: T): Promise<{ readonly object: T; readonly outcome: ApplyOutcome }> {
    const hash = manifestHash(desired);
    const stamped = { ...desired, metadata: { ...desired.metadata, annotations: { ...desired.metadata?.annotations, [APPLIED_HASH_ANNOTATION]: hash } } };
    for (let attempt = 1; ; attempt++) {
      const existing = await this.read(desired);
      try {
        if (existing === null) return { object: (await this.#api.create(stamped)) as T, outcome: "created" };
        if (existing.metadata?.annotations?.[APPLIED_HASH_ANNOTATION] === hash) return { object: existing as T, outcome: "unchanged" };
        const replacement = carryOver(existing, { ...stamped, metadata: { ...stamped.metadata, resourceVersion: existing.metadata?.resourceVersion } });
        return { object: (await this.#api.replace(replacement)) as T, outcome: "updated" };
      } catch (error) {
        // 409: created meanwhile, or changed since our read. Read again and decide again.
        if (statusOf(error) === 409 && attempt < ATTEMPTS) continue;
        throw this.#failure("apply", desired, error);
      }
    }
  }

  /** Creates the object unless one of its name exists; the existing one is kept as it is (secrets made once). */
  async ensure<T extends KubernetesObject>(desired: T): Promise<{ readonly object: T; readonly outcome: "created" | "unchanged" }> {
    const existing = await this.read(desired);
    if (existing !== null) return { object: existing as T, outcome: "unchanged" };
    try {
      return { object: (await this.#api.create(desired)) as T, outcome: "created" };
    } catch (error) {
      if (statusOf(error) !== 409) throw this.#failure("create", desired, error);
      const raced = await this.read(desired);
      if (raced === null) throw this.#failure("create", desired, error);
      return { object: raced as T, outcome: "unchanged" };
    }
  }

  /** Changes an existing object with `change`, conditioned on its resourceVersion; false when there is none. */
  async update<T extends KubernetesObject>(ref: T, change: (object: T) => T): Promise<boolean> {
    for (let attempt = 1; ; attempt++) {
      const existing = (await this.read(ref)) as T | null;
      if (existing === null) return false;
      try {
        await this.#api.replace(change(existing));
        return true;
      } catch (error) {
        if (statusOf(error) === 404) return false;
        if (statusOf(error) === 409 && attempt < ATTEMPTS) continue;
        throw this.#failure("update", ref, error);
      }
    }
  }

  async read(ref: KubernetesObject): Promise<KubernetesObject | null> {
    const { apiVersion, kind, metadata } = ref;
    try {
      return await this.#api.read({ apiVersion: apiVersion!, kind: kind!, metadata: { name: metadata!.name!, ...(metadata?.namespace === undefined ? {} : { namespace: metadata.namespace }) } });
    } catch (error) {
      if (statusOf(error) === 404) return null;
      throw this.#failure("read", ref, error);
    }
  }

  /** Deletes the object; false if there was none. */
  async delete(ref: KubernetesObject): Promise<boolean> {
    try {
      await this.#api.delete(ref);
      return true;
    } catch (error) {
      if (statusOf(error) === 404) return false;
      throw this.#failure("delete", ref, error);
    }
  }

  async list(apiVersion: string, kind: string, labelSelector: string, namespace?: string): Promise<KubernetesObject[]> {
    try {
      return (await this.#api.list(apiVersion, kind, namespace, undefined, undefined, undefined, undefined, labelSelector)).items;
    } catch (error) {
      throw this.#failure("list", { apiVersion, kind, metadata: { name: labelSelector, ...(namespace === undefined ? {} : { namespace }) } }, error);
    }
  }

  #failure(action: string, object: KubernetesObject, error: unknown): Error {
    const status = statusOf(error);
    if (status === null) return new KubernetesApiError(0, `Kubernetes API unreachable to ${action} ${describe(object)}: ${(error as Error).message}`, { cause: error });
    const reason = statusMessage((error as ApiException<unknown>).body) ?? `status ${status}`;
    return new KubernetesApiError(status, `Kubernetes API refused to ${action} ${describe(object)}: ${reason}`, { cause: error });
  }
}

/** The `message` of the Status the API server answered with (client-node hands it over parsed or as text). */
function statusMessage(body: unknown): string | null {
  let parsed = body;
  if (typeof body === "string") {
    try {
      parsed = JSON.parse(body);
    } catch {
      return body.length > 0 ? body : null;
    }
  }
  const message = (parsed as { message?: unknown } | null)?.message;
  return typeof message === "string" ? message : null;
}

/** Fields the API server assigns and refuses to see changed on replace (a Service's cluster IPs). */
function carryOver<T extends KubernetesObject>(existing: KubernetesObject, replacement: T): T {
  if (replacement.kind !== "Service") return replacement;
  const existingSpec = (existing as { spec?: { clusterIP?: string; clusterIPs?: string[] } }).spec;
  const spec = (replacement as { spec?: Record<string, unknown> }).spec ?? {};
  return { ...replacement, spec: { clusterIP: existingSpec?.clusterIP, clusterIPs: existingSpec?.clusterIPs, ...spec } };
}
