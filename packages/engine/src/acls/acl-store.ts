import type { ClusterLink } from "../replication/cluster-link.js";
import { AtomicJsonFile } from "../metadata/atomic-json-file.js";
import { aclBindingsSchema, applyAclChange, type AclBinding, type AclChange, type AclProblem } from "./acl-bindings.js";

/** Where a broker's ACL bindings live: its controller's state in a cluster, a file of its own when standalone. */
export interface AclStore {
  /** The bindings in force; the same array until they change. */
  current(): readonly AclBinding[];
  /** Applies a change durably; the problem when it was not applied. */
  alter(change: AclChange): Promise<AclProblem | null>;
}

const NONE: readonly AclBinding[] = Object.freeze([]);

/** An SPU's bindings: the controller's, as its watched state carries them. */
export function linkAclStore(link: ClusterLink): AclStore {
  return {
    current: () => link.current()?.acls ?? NONE,
    alter: (change) => link.alterAcls(change),
  };
}

/** A standalone broker's bindings in `<data-dir>/acls.json`, replaced atomically. */
export class FileAclStore implements AclStore {
  #bindings: readonly AclBinding[];

  private constructor(
    private readonly file: AtomicJsonFile,
    bindings: readonly AclBinding[],
  ) {
    this.#bindings = bindings;
  }

  static async open(path: string): Promise<FileAclStore> {
    const file = new AtomicJsonFile(path);
    const json = await file.read();
    if (json === null) return new FileAclStore(file, NONE);
    const parsed = aclBindingsSchema.safeParse(json);
    if (!parsed.success) throw new Error(`${path} is not an ACL binding list: ${parsed.error.issues[0]?.message ?? "unreadable"}`);
    return new FileAclStore(file, parsed.data);
  }

  current(): readonly AclBinding[] {
    return this.#bindings;
  }

  async alter(change: AclChange): Promise<AclProblem | null> {
    const next = applyAclChange(this.#bindings, change);
    try {
      await this.file.write(next);
    } catch (cause) {
      return { errorName: "KAFKA_STORAGE_ERROR", message: `the ACLs could not be saved: ${(cause as Error).message}` };
    }
    this.#bindings = next;
    return null;
  }
}
