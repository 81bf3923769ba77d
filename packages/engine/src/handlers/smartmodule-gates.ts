/*
 * SmartModule administration is cluster-wide (a derived topic or any consumer may run a loaded
 * module), so it is gated on the cluster resource: loading or deleting a module needs ALTER on
 * the cluster, listing or fetching a component DESCRIBE (which ALTER implies). Running one through SmartFetch needs only
 * READ on the topic (topic-gates.ts).
 */
import { CLUSTER_RESOURCE_NAME } from "@freshet/protocol/acls/acl-codes";
import { errorCode } from "@freshet/protocol/errors/error-codes";
import { deleteSmartModule, fetchSmartModule, listSmartModules, loadSmartModule } from "@freshet/protocol/messages/freshet/smartmodules";
import { NO_ENTRY } from "../smartmodules/entry-wire.js";
import { gate, type Gate } from "./authorize.js";

const CLUSTER_DENIED = errorCode("CLUSTER_AUTHORIZATION_FAILED");

function denied(action: string) {
  return {
    errorCode: CLUSTER_DENIED,
    errorMessage: `not authorized to ${action} SmartModules on this cluster: that needs ${action === "list" || action === "fetch" ? "DESCRIBE" : "ALTER"} on the cluster (see the credential's ACLs)`,
  };
}

export function smartModuleGates(): Gate[] {
  return [
    gate(loadSmartModule, (request, _context, next, can) => (can("alter", "cluster", CLUSTER_RESOURCE_NAME) ? next(request) : { ...denied("load"), ...NO_ENTRY })),
    gate(deleteSmartModule, (request, _context, next, can) => (can("alter", "cluster", CLUSTER_RESOURCE_NAME) ? next(request) : denied("delete"))),
    gate(listSmartModules, (request, _context, next, can) => (can("describe", "cluster", CLUSTER_RESOURCE_NAME) ? next(request) : { ...denied("list"), entries: [] })),
    gate(fetchSmartModule, (request, _context, next, can) => (can("describe", "cluster", CLUSTER_RESOURCE_NAME) ? next(request) : { ...denied("fetch"), ...NO_ENTRY, component: new Uint8Array(0) })),
  ];
}
