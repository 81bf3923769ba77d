import { execFile } from "node:child_process";
import { mkdir, readdir, readFile, rename, rm, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { promisify } from "node:util";
import { ENGINE_ENTRY, spawnEngine, stopProcess, waitUntilListening, type EngineProcess } from "@freshet/spu-worker/launch";
import type { HostPort, ServiceAddresses } from "../../../src/drivers/kubernetes/service-addresses.js";
import type { ObjectStore, StoredObject } from "./object-store.js";

interface Container {
  name: string;
  command?: string[];
  args?: string[];
  ports?: { name?: string; containerPort: number }[];
  env?: { name: string; value?: string; valueFrom?: { fieldRef?: { fieldPath: string } } }[];
  volumeMounts?: { name: string; mountPath: string }[];
}

interface PodTemplate {
  metadata?: { labels?: Record<string, string> };
  spec: {
    securityContext?: { fsGroup?: number };
    initContainers?: Container[];
    containers: Container[];
    volumes?: { name: string; secret?: { secretName: string; items?: { key: string; path: string }[] }; persistentVolumeClaim?: { claimName: string }; emptyDir?: object }[];
  };
}

/** A pod the workloads ask for. */
interface DesiredPod {
  readonly key: string;
  readonly namespace: string;
  readonly name: string;
  readonly labels: Record<string, string>;
  readonly template: PodTemplate;
  /** Volume name → claim, for StatefulSet pods' claim templates. */
  readonly claims: Record<string, string>;
  /** The template as JSON: a change restarts the pod, as a rollout would. */
  readonly revision: string;
}

interface RunningPod {
  readonly desired: DesiredPod;
  /** The uid of the namespace it started in: a namespace of the same name made later is another one. */
  readonly namespaceUid: string | undefined;
  readonly process: EngineProcess;
  /** Container port → the loopback port the process listens on. */
  readonly ports: Map<number, number>;
  /** Secret volumes: directory, Secret, and which keys go to which files. */
  readonly secrets: { dir: string; secretName: string; items: { key: string; path: string }[] | undefined; mode: number }[];
  exited: boolean;
}

export interface KubeletShimOptions {
  /** Where pods' volumes and logs live: `<root>/<namespace>/…`. */
  readonly root: string;
  /** The engine every container runs (the image's entrypoint). Default: apps/spu-worker's dist/main.js. */
  readonly entry?: string;
}

const run = promisify(execFile);

/** A path inside the container as the directory the shim keeps it in: the deepest mount holding it maps it, once. */
function hostPath(mounts: Map<string, string>, value: string): string {
  const mount = [...mounts].sort(([a], [b]) => b.length - a.length).find(([mountPath]) => value === mountPath || value.startsWith(`${mountPath}/`));
  return mount === undefined ? value : mount[1] + value.slice(mount[0].length);
}

const DNS_NAME = /^([a-z0-9-]+)\.([a-z0-9-]+)\.svc(?:\.[a-z0-9.-]+)?$/;

/**
 * The kubelet and controllers of the fake cluster: watches the fake API server's store and runs,
 * for each Deployment and StatefulSet replica, the real engine process with the container's
 * arguments — `$(VAR)`s expanded from the downward API, volume paths mapped to directories
 * (Secrets written out, and rewritten when the Secret changes, as the kubelet does), Service DNS
 * names mapped to the loopback port of the process behind them. Pods whose template changed are
 * restarted, pods scaled away or deleted with their namespace are stopped, and workload status
 * (replicas, readyReplicas) is written back. It also answers the driver's address look-ups.
 */
export class KubeletShim implements ServiceAddresses {
  readonly #pods = new Map<string, RunningPod>();
  /** Ports a pod listened on, kept across its restarts, as a Service's endpoints stay stable. */
  readonly #knownPorts = new Map<string, Map<number, number>>();
  readonly #entry: string;
  #pass: Promise<void> = Promise.resolve();
  #again = false;
  #closed = false;
  readonly #onChange = () => this.#schedule();

  constructor(
    private readonly store: ObjectStore,
    private readonly options: KubeletShimOptions,
  ) {
    this.#entry = options.entry ?? ENGINE_ENTRY;
    store.on("change", this.#onChange);
  }

  /** Pods running now, by `namespace/name`. */
  runningPods(): Map<string, { pid: number; ports: Map<number, number> }> {
    return new Map([...this.#pods].filter(([, pod]) => !pod.exited).map(([key, pod]) => [key, { pid: pod.process.identity.pid, ports: pod.ports }]));
  }

  /** Resolves once every change seen so far has been acted on. */
  async settled(): Promise<void> {
    await this.#pass;
  }

  async resolve(namespace: string, service: string, port: number): Promise<HostPort | null> {
    const found = this.store.get("v1", "Service", namespace, service);
    if (found === null) return null;
    const spec = found.spec as { selector?: Record<string, string>; ports?: { port: number; targetPort?: number | string }[] };
    const servicePort = spec.ports?.find((p) => p.port === port);
    if (servicePort === undefined) return null;
    const namespaceUid = this.store.get("v1", "Namespace", undefined, namespace)?.metadata.uid;
    for (const pod of this.#pods.values()) {
      // A pod of a deleted namespace of the same name is on its way out: not an endpoint.
      if (pod.exited || pod.desired.namespace !== namespace || pod.namespaceUid !== namespaceUid) continue;
      if (!Object.entries(spec.selector ?? {}).every(([k, v]) => pod.desired.labels[k] === v)) continue;
      const target = servicePort.targetPort ?? port;
      const containerPort = typeof target === "number" ? target : pod.desired.template.spec.containers[0]!.ports?.find((p) => p.name === target)?.containerPort;
      const hostPort = containerPort === undefined ? undefined : pod.ports.get(containerPort);
      if (hostPort !== undefined) return { host: "127.0.0.1", port: hostPort };
    }
    return null;
  }

  async close(): Promise<void> {
    this.#closed = true;
    this.store.off("change", this.#onChange);
    await this.#pass;
    await Promise.all([...this.#pods.values()].map((pod) => stopProcess(pod.process.identity, 5_000)));
    this.#pods.clear();
  }

  #schedule(): void {
    if (this.#closed) return;
    this.#again = true;
    this.#pass = this.#pass.then(async () => {
      while (this.#again && !this.#closed) {
        this.#again = false;
        await this.#reconcile().catch((error: unknown) => {
          // A pod that cannot start yet (its Secret or its controller missing) is tried at the next change.
          if (!this.#closed) setTimeout(() => this.#schedule(), 100).unref();
          return error;
        });
      }
    });
  }

  #desiredPods(): DesiredPod[] {
    const pods: DesiredPod[] = [];
    for (const deployment of this.store.list("apps/v1", "Deployment", undefined, null)) {
      const spec = deployment.spec as { replicas?: number; template: PodTemplate };
      if ((spec.replicas ?? 1) > 0) pods.push(this.#pod(deployment, `${deployment.metadata.name}-0`, spec.template, {}, {}));
    }
    for (const set of this.store.list("apps/v1", "StatefulSet", undefined, null)) {
      const spec = set.spec as { replicas?: number; template: PodTemplate; volumeClaimTemplates?: { metadata: { name: string } }[] };
      for (let index = 0; index < (spec.replicas ?? 1); index++) {
        const name = `${set.metadata.name}-${index}`;
        const claims = Object.fromEntries((spec.volumeClaimTemplates ?? []).map((t) => [t.metadata.name, `${t.metadata.name}-${name}`]));
        pods.push(this.#pod(set, name, spec.template, { "statefulset.kubernetes.io/pod-name": name, "apps.kubernetes.io/pod-index": String(index) }, claims));
      }
    }
    return pods;
  }

  #pod(owner: StoredObject, name: string, template: PodTemplate, extraLabels: Record<string, string>, claims: Record<string, string>): DesiredPod {
    const namespace = owner.metadata.namespace!;
    return { key: `${namespace}/${name}`, namespace, name, labels: { ...template.metadata?.labels, ...extraLabels }, template, claims, revision: JSON.stringify(template) };
  }

  async #reconcile(): Promise<void> {
    // The generations this pass acts on: status must not claim a spec that changed meanwhile.
    const generations = new Map(
      ["Deployment", "StatefulSet"].flatMap((kind) => this.store.list("apps/v1", kind, undefined, null).map((w) => [`${kind}/${w.metadata.namespace}/${w.metadata.name}`, w.metadata.generation])),
    );
    const desired = new Map(this.#desiredPods().map((pod) => [pod.key, pod]));
    for (const [key, pod] of [...this.#pods]) {
      const wanted = desired.get(key);
      const namespaceUid = this.store.get("v1", "Namespace", undefined, pod.desired.namespace)?.metadata.uid;
      if (wanted === undefined || wanted.revision !== pod.desired.revision || pod.exited || namespaceUid !== pod.namespaceUid) {
        this.#pods.delete(key);
        await stopProcess(pod.process.identity, 5_000);
      }
    }
    for (const namespace of new Set([...desired.values()].map((pod) => pod.namespace))) {
      if (this.store.get("v1", "Namespace", undefined, namespace) === null) throw new Error(`namespace ${namespace} is gone`);
    }
    // Deployments (the SC) first: StatefulSet pods' arguments name its Service.
    const missing = [...desired.values()].filter((pod) => !this.#pods.has(pod.key));
    const [first, rest] = [missing.filter((p) => p.labels["statefulset.kubernetes.io/pod-name"] === undefined), missing.filter((p) => p.labels["statefulset.kubernetes.io/pod-name"] !== undefined)];
    for (const pod of first) await this.#start(pod);
    await Promise.all(rest.map((pod) => this.#start(pod)));
    for (const pod of this.#pods.values()) for (const volume of pod.secrets) await this.#writeSecret(pod.desired.namespace, volume);
    await this.#cleanNamespaces();
    this.#writeStatuses(generations);
  }

  async #start(pod: DesiredPod): Promise<void> {
    const container = pod.template.spec.containers[0]!;
    const podDir = join(this.options.root, pod.namespace, "pods", pod.name);
    // As the kubelet: under an fsGroup, a Secret volume's files are group-readable whatever defaultMode says.
    const secretMode = pod.template.spec.securityContext?.fsGroup === undefined ? 0o600 : 0o440;
    const volumeDirs = new Map<string, string>();
    const secrets: RunningPod["secrets"] = [];
    const usedVolumes = new Set([container, ...(pod.template.spec.initContainers ?? [])].flatMap((c) => (c.volumeMounts ?? []).map((m) => m.name)));
    for (const name of usedVolumes) {
      const volume = pod.template.spec.volumes?.find((v) => v.name === name);
      const claim = volume?.persistentVolumeClaim?.claimName ?? pod.claims[name];
      let dir = join(podDir, "volumes", name);
      if (volume?.secret !== undefined) {
        const entry = { dir, secretName: volume.secret.secretName, items: volume.secret.items, mode: secretMode };
        await this.#writeSecret(pod.namespace, entry, true);
        secrets.push(entry);
      } else if (claim !== undefined) {
        dir = join(this.options.root, pod.namespace, "volumes", claim);
      } else if (volume?.emptyDir === undefined) {
        throw new Error(`pod ${pod.key}: volume ${name} has no source the shim knows`);
      }
      await mkdir(dir, { recursive: true });
      volumeDirs.set(name, dir);
    }
    const mountsOf = (c: Container) => new Map((c.volumeMounts ?? []).map((m) => [m.mountPath, volumeDirs.get(m.name)!]));
    for (const init of pod.template.spec.initContainers ?? []) await this.#runInit(pod, init, mountsOf(init));
    const mounts = mountsOf(container);
    const env = new Map<string, string>();
    for (const variable of container.env ?? []) {
      const path = variable.valueFrom?.fieldRef?.fieldPath;
      const label = path === undefined ? null : /^metadata\.labels\['(.+)'\]$/.exec(path)?.[1];
      env.set(variable.name, variable.value ?? (path === "metadata.name" ? pod.name : label !== null && label !== undefined ? (pod.labels[label] ?? "") : ""));
    }
    const known = this.#knownPorts.get(pod.key) ?? new Map<number, number>();
    const containerPortOf: { listen?: number; metrics?: number } = {};
    const argv: string[] = [];
    let dataDir: string | undefined;
    const args = (container.args ?? []).map((arg) => arg.replace(/\$\(([A-Z_]+)\)/g, (_, name: string) => env.get(name) ?? ""));
    for (let i = 0; i < args.length; i += 2) {
      const flag = args[i]!;
      let value = args[i + 1]!;
      value = hostPath(mounts, value);
      if (flag === "--host") value = "127.0.0.1";
      else if (flag === "--port" || flag === "--metrics-port") {
        const containerPort = Number(value);
        containerPortOf[flag === "--port" ? "listen" : "metrics"] = containerPort;
        value = String(flag === "--port" ? (known.get(containerPort) ?? 0) : 0);
      } else value = await this.#network(pod.namespace, value);
      if (flag === "--data-dir") dataDir = value;
      else argv.push(flag, value);
    }
    if (dataDir === undefined) throw new Error(`pod ${pod.key} has no --data-dir`);
    const spawned = await spawnEngine({ entry: this.#entry, args: { dataDir }, rawArgv: argv, output: { logFile: join(podDir, "container.log") } });
    if (!spawned.ok) throw new Error(`pod ${pod.key}: ${spawned.reason}`);
    const namespaceUid = this.store.get("v1", "Namespace", undefined, pod.namespace)?.metadata.uid;
    const running: RunningPod = { desired: pod, namespaceUid, process: spawned.process, ports: new Map(), secrets, exited: false };
    this.#pods.set(pod.key, running);
    void spawned.process.exited.then(() => {
      running.exited = true;
      this.#schedule();
    });
    const ready = await waitUntilListening({ dataDir, identity: spawned.process.identity, timeoutMs: 20_000 });
    if (!ready.ok) {
      const log = await readFile(join(podDir, "container.log"), "utf8").catch(() => "");
      throw new Error(`pod ${pod.key} did not listen: ${ready.reason}\n${log.slice(-2000)}`);
    }
    if (containerPortOf.listen !== undefined) running.ports.set(containerPortOf.listen, ready.info.port);
    if (containerPortOf.metrics !== undefined && ready.info.metricsPort !== undefined) running.ports.set(containerPortOf.metrics, ready.info.metricsPort);
    if (containerPortOf.listen !== undefined) known.set(containerPortOf.listen, ready.info.port);
    this.#knownPorts.set(pod.key, known);
  }

  /** Runs an init container to its end; only `node` commands, which the engine image has. */
  async #runInit(pod: DesiredPod, init: Container, mounts: Map<string, string>): Promise<void> {
    const [command, ...rest] = [...(init.command ?? []), ...(init.args ?? [])];
    if (command !== "node") throw new Error(`pod ${pod.key}: init container ${init.name} runs ${command}, not node`);
    const argv = rest.map((arg) => hostPath(mounts, arg));
    await run(process.execPath, argv).catch((error: { stderr?: string }) => {
      throw new Error(`pod ${pod.key}: init container ${init.name} failed: ${error.stderr ?? String(error)}`);
    });
  }

  /** A Service's DNS name (with or without a port) as the loopback address of the pod behind it. */
  async #network(namespace: string, value: string): Promise<string> {
    const colon = value.lastIndexOf(":");
    const [host, port] = colon === -1 ? [value, null] : [value.slice(0, colon), Number(value.slice(colon + 1))];
    const match = DNS_NAME.exec(host);
    if (match === null || match[2] !== namespace) return value;
    if (port === null) return "127.0.0.1";
    const address = await this.resolve(namespace, match[1]!, port);
    if (address === null) throw new Error(`nothing runs behind ${value} yet`);
    return `${address.host}:${address.port}`;
  }

  /** The Secret's keys as files (mode 0600) by rename, as the kubelet swaps a secret volume's files. */
  async #writeSecret(namespace: string, volume: RunningPod["secrets"][number], required = false): Promise<void> {
    const secret = this.store.get("v1", "Secret", namespace, volume.secretName);
    if (secret === null) {
      if (required) throw new Error(`secret ${namespace}/${volume.secretName} not found`);
      return;
    }
    const data = (secret.data ?? {}) as Record<string, string>;
    await mkdir(volume.dir, { recursive: true });
    for (const { key, path } of volume.items ?? Object.keys(data).map((key) => ({ key, path: key }))) {
      const text = Buffer.from(data[key] ?? "", "base64").toString("utf8");
      const file = join(volume.dir, path);
      if ((await readFile(file, "utf8").catch(() => null)) === text) continue;
      await writeFile(`${file}.tmp`, text, { mode: volume.mode });
      await rename(`${file}.tmp`, file);
    }
  }

  /** Volumes of namespaces that are gone go with them. */
  async #cleanNamespaces(): Promise<void> {
    for (const namespace of await readdir(this.options.root).catch(() => [] as string[])) {
      if (this.store.get("v1", "Namespace", undefined, namespace) === null && ![...this.#pods.values()].some((p) => p.desired.namespace === namespace)) {
        await rm(join(this.options.root, namespace), { recursive: true, force: true });
        for (const key of [...this.#knownPorts.keys()]) if (key.startsWith(`${namespace}/`)) this.#knownPorts.delete(key);
      }
    }
  }

  #writeStatuses(generations: Map<string, number | undefined>): void {
    for (const kind of ["Deployment", "StatefulSet"] as const) {
      for (const workload of this.store.list("apps/v1", kind, undefined, null)) {
        const prefix = `${workload.metadata.namespace}/${workload.metadata.name}-`;
        const pods = [...this.#pods.entries()].filter(([key, pod]) => key.startsWith(prefix) && !pod.exited);
        const ready = pods.filter(([, pod]) => pod.ports.size > 0).length;
        const observedGeneration = generations.get(`${kind}/${workload.metadata.namespace}/${workload.metadata.name}`) ?? 0;
        this.store.setStatus("apps/v1", kind, workload.metadata.namespace, workload.metadata.name, { replicas: pods.length, readyReplicas: ready, observedGeneration });
      }
    }
  }
}
