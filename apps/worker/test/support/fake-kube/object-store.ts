import { randomUUID } from "node:crypto";
import { EventEmitter } from "node:events";

/** An object as the API server stores it: JSON with the metadata the server owns. */
export interface StoredObject {
  apiVersion: string;
  kind: string;
  metadata: {
    name: string;
    namespace?: string;
    labels?: Record<string, string>;
    annotations?: Record<string, string>;
    resourceVersion?: string;
    uid?: string;
    creationTimestamp?: string;
    deletionTimestamp?: string;
    generation?: number;
  };
  spec?: Record<string, unknown>;
  status?: Record<string, unknown>;
  [field: string]: unknown;
}

export type StoreEvent = { readonly type: "ADDED" | "MODIFIED" | "DELETED"; readonly object: StoredObject };

/** Resources the fake serves, by API group version: plural, kind, namespaced. */
export const RESOURCES: Record<string, readonly { readonly name: string; readonly kind: string; readonly namespaced: boolean }[]> = {
  v1: [
    { name: "namespaces", kind: "Namespace", namespaced: false },
    { name: "secrets", kind: "Secret", namespaced: true },
    { name: "services", kind: "Service", namespaced: true },
    { name: "resourcequotas", kind: "ResourceQuota", namespaced: true },
    { name: "limitranges", kind: "LimitRange", namespaced: true },
    { name: "persistentvolumeclaims", kind: "PersistentVolumeClaim", namespaced: true },
  ],
  "apps/v1": [
    { name: "deployments", kind: "Deployment", namespaced: true },
    { name: "statefulsets", kind: "StatefulSet", namespaced: true },
  ],
  "networking.k8s.io/v1": [{ name: "networkpolicies", kind: "NetworkPolicy", namespaced: true }],
};

export class StoreError extends Error {
  constructor(
    readonly code: number,
    readonly reason: string,
    message: string,
  ) {
    super(message);
  }
}

const keyOf = (apiVersion: string, kind: string, namespace: string | undefined, name: string) => `${apiVersion}|${kind}|${namespace ?? ""}|${name}`;

/** Parses `a=b,c!=d,e,!f` (what the driver and kubectl send; set-based `in` is not needed). */
export function matchesSelector(labels: Record<string, string> | undefined, selector: string | null): boolean {
  if (selector === null || selector === "") return true;
  const own = labels ?? {};
  return selector.split(",").every((term) => {
    const clause = term.trim();
    if (clause.startsWith("!")) return !(clause.slice(1) in own);
    const notEqual = clause.indexOf("!=");
    if (notEqual !== -1) return own[clause.slice(0, notEqual)] !== clause.slice(notEqual + 2);
    const equal = clause.indexOf("=");
    if (equal === -1) return clause in own;
    const value = clause.slice(equal + 1).replace(/^=/, "");
    return own[clause.slice(0, equal)] === value;
  });
}

/**
 * The API server's storage: objects with a resourceVersion from one counter, optimistic
 * concurrency on update, namespaces whose deletion deletes their contents (after
 * `namespaceDeletionMs`, as finalizers make it take a while), and an event per change.
 */
export class ObjectStore extends EventEmitter<{ change: [StoreEvent] }> {
  readonly #objects = new Map<string, StoredObject>();
  #version = 1;

  constructor(private readonly namespaceDeletionMs = 50) {
    super();
  }

  get(apiVersion: string, kind: string, namespace: string | undefined, name: string): StoredObject | null {
    const found = this.#objects.get(keyOf(apiVersion, kind, namespace, name));
    return found === undefined ? null : structuredClone(found);
  }

  list(apiVersion: string, kind: string, namespace: string | undefined, selector: string | null): StoredObject[] {
    return [...this.#objects.values()]
      .filter((o) => o.apiVersion === apiVersion && o.kind === kind && (namespace === undefined || o.metadata.namespace === namespace) && matchesSelector(o.metadata.labels, selector))
      .map((o) => structuredClone(o));
  }

  create(object: StoredObject): StoredObject {
    const { apiVersion, kind, metadata } = object;
    if (metadata.namespace !== undefined) {
      const namespace = this.get("v1", "Namespace", undefined, metadata.namespace);
      if (namespace === null) throw new StoreError(404, "NotFound", `namespaces "${metadata.namespace}" not found`);
      if (namespace.metadata.deletionTimestamp !== undefined) throw new StoreError(403, "Forbidden", `unable to create new content in namespace ${metadata.namespace} because it is being terminated`);
    }
    const key = keyOf(apiVersion, kind, metadata.namespace, metadata.name);
    if (this.#objects.has(key)) throw new StoreError(409, "AlreadyExists", `${kind} "${metadata.name}" already exists`);
    const stored: StoredObject = {
      ...structuredClone(object),
      metadata: { ...structuredClone(metadata), uid: randomUUID(), resourceVersion: String(++this.#version), creationTimestamp: new Date().toISOString(), generation: 1 },
      ...(kind === "Namespace" ? { status: { phase: "Active" } } : {}),
    };
    if (kind === "Namespace") stored.metadata.labels = { ...stored.metadata.labels, "kubernetes.io/metadata.name": metadata.name };
    this.#objects.set(key, stored);
    this.emit("change", { type: "ADDED", object: structuredClone(stored) });
    return structuredClone(stored);
  }

  /** Replaces spec and metadata (status is the controllers'); 409 when `resourceVersion` is given and stale. */
  replace(object: StoredObject): StoredObject {
    const current = this.#current(object);
    const asked = object.metadata.resourceVersion;
    if (asked !== undefined && asked !== current.metadata.resourceVersion) {
      throw new StoreError(
        409,
        "Conflict",
        `Operation cannot be fulfilled on ${object.kind} "${object.metadata.name}": the object has been modified; please apply your changes to the latest version and try again`,
      );
    }
    const specChanged = JSON.stringify(object.spec) !== JSON.stringify(current.spec);
    const stored: StoredObject = {
      ...structuredClone(object),
      status: current.status,
      metadata: {
        ...structuredClone(object.metadata),
        uid: current.metadata.uid,
        creationTimestamp: current.metadata.creationTimestamp,
        resourceVersion: String(++this.#version),
        generation: (current.metadata.generation ?? 1) + (specChanged ? 1 : 0),
        ...(current.metadata.deletionTimestamp === undefined ? {} : { deletionTimestamp: current.metadata.deletionTimestamp }),
      },
    };
    if (object.kind === "Namespace") stored.metadata.labels = { ...stored.metadata.labels, "kubernetes.io/metadata.name": object.metadata.name };
    this.#put(stored);
    return structuredClone(stored);
  }

  /** What controllers write: the status subresource. */
  setStatus(apiVersion: string, kind: string, namespace: string | undefined, name: string, status: Record<string, unknown>): void {
    const current = this.get(apiVersion, kind, namespace, name);
    if (current === null) return;
    if (JSON.stringify(current.status) === JSON.stringify(status)) return;
    this.#put({ ...current, status, metadata: { ...current.metadata, resourceVersion: String(++this.#version) } });
  }

  delete(apiVersion: string, kind: string, namespace: string | undefined, name: string): StoredObject {
    const current = this.#current({ apiVersion, kind, metadata: { name, ...(namespace === undefined ? {} : { namespace }) } });
    if (kind !== "Namespace") {
      this.#objects.delete(keyOf(apiVersion, kind, namespace, name));
      this.emit("change", { type: "DELETED", object: current });
      return current;
    }
    if (current.metadata.deletionTimestamp === undefined) {
      const terminating: StoredObject = {
        ...current,
        status: { phase: "Terminating" },
        metadata: { ...current.metadata, deletionTimestamp: new Date().toISOString(), resourceVersion: String(++this.#version) },
      };
      this.#put(terminating);
      // The namespace controller empties it, then the namespace goes.
      setTimeout(() => this.#finishNamespaceDeletion(name), this.namespaceDeletionMs).unref();
      return terminating;
    }
    return current;
  }

  #finishNamespaceDeletion(name: string): void {
    for (const object of [...this.#objects.values()]) {
      if (object.metadata.namespace === name) this.delete(object.apiVersion, object.kind, name, object.metadata.name);
    }
    const namespace = this.get("v1", "Namespace", undefined, name);
    if (namespace === null) return;
    this.#objects.delete(keyOf("v1", "Namespace", undefined, name));
    this.emit("change", { type: "DELETED", object: namespace });
  }

  #current(object: Pick<StoredObject, "apiVersion" | "kind" | "metadata">): StoredObject {
    const current = this.get(object.apiVersion, object.kind, object.metadata.namespace, object.metadata.name);
    if (current === null) throw new StoreError(404, "NotFound", `${object.kind.toLowerCase()}s "${object.metadata.name}" not found`);
    return current;
  }

  #put(object: StoredObject): void {
    this.#objects.set(keyOf(object.apiVersion, object.kind, object.metadata.namespace, object.metadata.name), object);
    this.emit("change", { type: "MODIFIED", object: structuredClone(object) });
  }
}
