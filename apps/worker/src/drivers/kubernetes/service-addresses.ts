import { serviceHost } from "./tenant-names.js";

export interface HostPort {
  readonly host: string;
  readonly port: number;
}

/**
 * Where the worker reaches a tenant's Service. In a cluster that is its DNS name; the tests'
 * kubelet stand-in answers with the loopback port of the process behind it.
 */
export interface ServiceAddresses {
  /** The address of `port` of Service `service`, or null while nothing runs behind it. */
  resolve(namespace: string, service: string, port: number): Promise<HostPort | null>;
}

/** The cluster's own DNS: the worker runs inside the cluster, in the control plane's namespace. */
export function clusterDns(clusterDomain: string): ServiceAddresses {
  return { resolve: (namespace, service, port) => Promise.resolve({ host: serviceHost(service, namespace, clusterDomain), port }) };
}
