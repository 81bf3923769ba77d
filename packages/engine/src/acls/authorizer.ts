/*
 * Decides whether a SASL user may perform an operation on a resource, under Freshet's
 * rules (README "Access control"):
 *   - listeners without SASL, super users (--super-users) and the cluster's internal user
 *     may do anything;
 *   - a user without any ALLOW binding keeps full access, minus what its DENY bindings deny
 *     (credentials made before ACLs existed keep working);
 *   - once a user has an ALLOW binding, it may do only what its ALLOW bindings allow;
 *   - DENY wins over ALLOW.
 * As in Kafka, ALL covers every operation, and an ALLOW of READ, WRITE, DELETE or ALTER
 * also allows DESCRIBE (ALTER_CONFIGS allows DESCRIBE_CONFIGS).
 * Requests ask per topic and partition, so the bindings of each principal are compiled
 * once per binding list and kept until the list changes.
 */
import { USER_PRINCIPAL_PREFIX, patternCovers, type AclBinding, type AclOperation, type AclResourceType } from "./acl-bindings.js";

const IMPLIED_BY: Partial<Record<AclOperation, readonly AclOperation[]>> = {
  describe: ["read", "write", "delete", "alter"],
  describe_configs: ["alter_configs"],
};

type Rule = Pick<AclBinding, "resourceName" | "patternType" | "host" | "operation">;

/** One principal's bindings, split by resource type and permission. */
interface CompiledRules {
  readonly restricted: boolean;
  readonly allow: ReadonlyMap<AclResourceType, readonly Rule[]>;
  readonly deny: ReadonlyMap<AclResourceType, readonly Rule[]>;
}

function compile(bindings: readonly AclBinding[]): CompiledRules {
  const allow = new Map<AclResourceType, Rule[]>();
  const deny = new Map<AclResourceType, Rule[]>();
  for (const binding of bindings) {
    const into = binding.permission === "allow" ? allow : deny;
    const rules = into.get(binding.resourceType) ?? [];
    rules.push(binding);
    into.set(binding.resourceType, rules);
  }
  return { restricted: allow.size > 0, allow, deny };
}

function hostMatches(rule: Rule, host: string): boolean {
  return rule.host === "*" || rule.host === host;
}

function anyRule(rules: readonly Rule[] | undefined, operations: readonly AclOperation[], name: string, host: string): boolean {
  if (rules === undefined) return false;
  return rules.some((rule) => (rule.operation === "all" || operations.includes(rule.operation)) && patternCovers(rule, name) && hostMatches(rule, host));
}

/** Who asks: the SASL user (null on a listener without authentication) and the client's address. */
export interface Requester {
  readonly user: string | null;
  readonly host: string;
}

export class Authorizer {
  #source: readonly AclBinding[] | null = null;
  #compiled = new Map<string, CompiledRules | null>();

  constructor(
    /** The current binding list; a new array whenever it changes. */
    private readonly bindings: () => readonly AclBinding[],
    /** Users that bypass ACLs: --super-users and the cluster's internal (replication) user. */
    private readonly superUsers: ReadonlySet<string>,
  ) {}

  /** Whether `requester` may perform `operation` on the resource of `type` named `name`. */
  allows(requester: Requester, operation: AclOperation, type: AclResourceType, name: string): boolean {
    if (requester.user === null || this.superUsers.has(requester.user)) return true;
    const rules = this.#rulesOf(requester.user);
    if (rules === null) return true;
    if (anyRule(rules.deny.get(type), [operation], name, requester.host)) return false;
    if (!rules.restricted) return true;
    return anyRule(rules.allow.get(type), [operation, ...(IMPLIED_BY[operation] ?? [])], name, requester.host);
  }

  /** Whether no binding restricts the requester at all: requests need no checks. */
  unrestricted(requester: Requester): boolean {
    return requester.user === null || this.superUsers.has(requester.user) || this.#rulesOf(requester.user) === null;
  }

  /** Whether the user is a super user (ACL administration is theirs alone on a SASL listener). */
  isSuperUser(requester: Requester): boolean {
    return requester.user === null || this.superUsers.has(requester.user);
  }

  #rulesOf(user: string): CompiledRules | null {
    const current = this.bindings();
    if (current !== this.#source) {
      this.#source = current;
      this.#compiled = new Map();
    }
    let rules = this.#compiled.get(user);
    if (rules === undefined) {
      const principal = USER_PRINCIPAL_PREFIX + user;
      const own = current.filter((binding) => binding.principal === principal);
      rules = own.length === 0 ? null : compile(own);
      this.#compiled.set(user, rules);
    }
    return rules;
  }
}
