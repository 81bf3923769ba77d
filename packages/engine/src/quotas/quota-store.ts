import type { ClusterLink } from "../replication/cluster-link.js";
import { AtomicJsonFile } from "../metadata/atomic-json-file.js";
import { applyQuotaChanges, clientQuotasSchema, type ClientQuotas, type QuotaChange, type QuotaProblem } from "./client-quotas.js";

/** Where a broker's client quotas live: its controller's state in a cluster, a file of its own when standalone. */
export interface QuotaStore {
  current(): ClientQuotas;
  /** Applies validated changes durably, all or none; the problem when they were not applied. */
  alter(changes: readonly QuotaChange[]): Promise<QuotaProblem | null>;
}

/** An SPU's quotas: the controller's, as its watched state carries them. */
export function linkQuotaStore(link: ClusterLink): QuotaStore {
  return {
    current: () => link.current()?.quotas ?? {},
    alter: (changes) => link.alterClientQuotas(changes),
  };
}

/** A standalone broker's quotas in `<data-dir>/quotas.json`, replaced atomically. */
export class FileQuotaStore implements QuotaStore {
  #quotas: ClientQuotas;

  private constructor(
    private readonly file: AtomicJsonFile,
    quotas: ClientQuotas,
  ) {
    this.#quotas = quotas;
  }

  static async open(path: string): Promise<FileQuotaStore> {
    const file = new AtomicJsonFile(path);
    const json = await file.read();
    if (json === null) return new FileQuotaStore(file, {});
    const parsed = clientQuotasSchema.safeParse(json);
    if (!parsed.success) throw new Error(`${path} is not a client quota table: ${parsed.error.issues[0]?.message ?? "unreadable"}`);
    return new FileQuotaStore(file, parsed.data);
  }

  current(): ClientQuotas {
    return this.#quotas;
  }

  async alter(changes: readonly QuotaChange[]): Promise<QuotaProblem | null> {
    const next = applyQuotaChanges(this.#quotas, changes);
    try {
      await this.file.write(next);
    } catch (cause) {
      return { errorName: "KAFKA_STORAGE_ERROR", message: `the quotas could not be saved: ${(cause as Error).message}` };
    }
    this.#quotas = next;
    return null;
  }
}
