import type { PrismaClient } from "@freshet/db/client";
import { UnrecoverableError, Worker, type Job } from "bullmq";
import type { Logger } from "pino";
import { ClusterLocks } from "./clusters/cluster-locks.js";
import { ClusterOperations, type RunContext } from "./clusters/cluster-operations.js";
import { ClusterStore } from "./clusters/cluster-store.js";
import { reconcile, type ReconcileReport } from "./clusters/reconcile.js";
import type { Provisioner } from "./drivers/provisioner.js";
import type { ConnectorHost } from "./drivers/connector-host.js";
import { ConnectorOperations } from "./connectors/connector-operations.js";
import { ConnectorStore } from "./connectors/connector-store.js";
import { reconcileConnectors, type ConnectorReconcileReport } from "./connectors/reconcile-connectors.js";
import type { DataflowHost } from "./drivers/dataflow-host.js";
import { DataflowOperations } from "./dataflows/dataflow-operations.js";
import { DataflowStore } from "./dataflows/dataflow-store.js";
import { reconcileDataflows, type DataflowReconcileReport } from "./dataflows/reconcile-dataflows.js";
import { JOBS, isJobName, type JobName, type JobPayload } from "@freshet/control-plane/jobs/catalog";
import { createProvisioningQueue, type ProvisioningQueue } from "@freshet/control-plane/jobs/provisioning-queue";
import { redisConnection } from "@freshet/control-plane/jobs/redis-connection";

export interface ProvisioningWorkerOptions {
  readonly redisUrl: string;
  readonly queueName: string;
  readonly prisma: PrismaClient;
  readonly provisioner: Provisioner;
  /** Where the clusters' connectors run (the LocalDriver's `connectors`). */
  readonly connectorHost: ConnectorHost;
  /** Where the clusters' dataflows run (the LocalDriver's `dataflows`). */
  readonly dataflowHost: DataflowHost;
  readonly controlPlaneSecret: string;
  readonly logger: Logger;
  readonly concurrency?: number;
  /** BullMQ lockDuration: how long after a worker's death its job is taken over. Default 30 s. */
  readonly lockMs?: number;
  /** BullMQ stalledInterval. Default 30 s. */
  readonly stalledCheckMs?: number;
  /** Milliseconds between reconcile passes after the first; 0: only at start. Default 0. */
  readonly reconcileIntervalMs?: number;
  /** What reconcile does with clusters the database does not know (see reconcile.ts). Default "stop". */
  readonly orphans?: "stop" | "remove";
}

type Handlers = { readonly [N in JobName]: (payload: JobPayload<N>, context: RunContext) => Promise<void> };

/**
 * The provisioning queue's consumer: reconciles once at start, then runs jobs (one at a time
 * per cluster) and reconciles every reconcileIntervalMs.
 */
export class ProvisioningWorker {
  readonly #locks = new ClusterLocks();
  readonly #operations: ClusterOperations;
  readonly #connectors: ConnectorOperations;
  readonly #connectorStore: ConnectorStore;
  readonly #dataflows: DataflowOperations;
  readonly #dataflowStore: DataflowStore;
  readonly #store: ClusterStore;
  readonly #queue: ProvisioningQueue;
  readonly #handlers: Handlers;
  #worker: Worker | null = null;
  #reconcileTimer: NodeJS.Timeout | null = null;
  #closing: Promise<void> | null = null;

  private constructor(private readonly options: ProvisioningWorkerOptions) {
    this.#store = new ClusterStore(options.prisma);
    this.#operations = new ClusterOperations(this.#store, options.provisioner, options.controlPlaneSecret, options.logger);
    this.#queue = createProvisioningQueue(options.redisUrl, options.queueName);
    this.#connectorStore = new ConnectorStore(options.prisma);
    this.#connectors = new ConnectorOperations({ store: this.#connectorStore, host: options.connectorHost, clusters: this.#operations, secret: options.controlPlaneSecret, logger: options.logger });
    this.#dataflowStore = new DataflowStore(options.prisma);
    this.#dataflows = new DataflowOperations({ store: this.#dataflowStore, host: options.dataflowHost, clusters: this.#operations, secret: options.controlPlaneSecret, logger: options.logger });
    this.#handlers = {
      "provision-cluster": (p, context) => this.#operations.provision(p.clusterId, context),
      "deprovision-cluster": (p) => this.#operations.deprovision(p.clusterId),
      "sync-cluster-credentials": async (p) => {
        await this.#operations.syncCredentials(p.clusterId);
      },
      "deploy-connector": (p, context) => this.#connectors.deploy(p.connectorId, p.generation, context),
      "stop-connector": (p) => this.#connectors.stop(p.connectorId, p.generation),
      "delete-connector": (p) => this.#connectors.delete(p.connectorId, p.generation),
      "deploy-dataflow": (p, context) => this.#dataflows.deploy(p.dataflowId, p.generation, context),
      "delete-dataflow": (p) => this.#dataflows.delete(p.dataflowId, p.generation),
    };
  }

  static async start(options: ProvisioningWorkerOptions): Promise<ProvisioningWorker> {
    const worker = new ProvisioningWorker(options);
    try {
      await worker.reconcile();
      worker.#startConsuming();
    } catch (error) {
      await worker.close();
      throw error;
    }
    return worker;
  }

  /** One reconcile pass: clusters (see clusters/reconcile.ts), then their connectors and dataflows. */
  async reconcile(): Promise<ReconcileReport & { readonly connectors: ConnectorReconcileReport; readonly dataflows: DataflowReconcileReport }> {
    const { provisioner, logger } = this.options;
    const orphans = this.options.orphans ?? "stop";
    const clusters = await reconcile({ store: this.#store, provisioner, operations: this.#operations, queue: this.#queue, locks: this.#locks, logger, orphans });
    const connectors = await reconcileConnectors({ store: this.#connectorStore, operations: this.#connectors, queue: this.#queue, locks: this.#locks, logger });
    logger.info(connectors, "connectors reconciled");
    const dataflows = await reconcileDataflows({ store: this.#dataflowStore, operations: this.#dataflows, queue: this.#queue, locks: this.#locks, logger });
    logger.info(dataflows, "dataflows reconciled");
    return { ...clusters, connectors, dataflows };
  }

  #startConsuming(): void {
    const { logger } = this.options;
    this.#worker = new Worker(this.options.queueName, (job) => this.#run(job), {
      connection: redisConnection(this.options.redisUrl),
      concurrency: this.options.concurrency ?? 2,
      lockDuration: this.options.lockMs ?? 30_000,
      stalledInterval: this.options.stalledCheckMs ?? 30_000,
    });
    // Without a listener an 'error' (Redis gone for a moment) would crash the process.
    this.#worker.on("error", (error) => logger.error({ err: error }, "queue error"));
    this.#worker.on("failed", (job, error) => logger.warn({ job: job?.name, jobId: job?.id, attemptsMade: job?.attemptsMade, err: error }, "job failed"));
    const interval = this.options.reconcileIntervalMs ?? 0;
    if (interval > 0) {
      this.#reconcileTimer = setInterval(() => {
        this.reconcile().catch((error: unknown) => logger.error({ err: error }, "reconcile pass failed"));
      }, interval);
      this.#reconcileTimer.unref();
    }
  }

  async #run(job: Job): Promise<void> {
    if (!isJobName(job.name)) throw new UnrecoverableError(`unknown job ${job.name}`);
    const name = job.name;
    const spec = JOBS[name];
    const parsed = spec.payload.safeParse(job.data);
    if (!parsed.success) throw new UnrecoverableError(`invalid ${name} payload: ${parsed.error.message}`);
    const payload = parsed.data;
    const abort = new AbortController();
    const timer = setTimeout(() => abort.abort(new Error(`${name} timed out after ${spec.timeoutMs} ms`)), spec.timeoutMs);
    const aborted = new Promise<never>((_, reject) => abort.signal.addEventListener("abort", () => reject(abort.signal.reason as Error), { once: true }));
    aborted.catch(() => undefined);
    const context: RunContext = { signal: abort.signal, finalAttempt: job.attemptsMade + 1 >= (job.opts.attempts ?? 1), enqueuedAt: job.timestamp };
    this.options.logger.info({ job: name, jobId: job.id, clusterId: payload.clusterId, attempt: job.attemptsMade + 1 }, "job started");
    try {
      const handler = this.#handlers[name] as (payload: JobPayload<JobName>, context: RunContext) => Promise<void>;
      await Promise.race([this.#locks.run(payload.clusterId, () => handler(payload, context)), aborted]);
    } finally {
      clearTimeout(timer);
      abort.abort(new Error("job over"));
    }
  }

  /**
   * Stops taking jobs, lets running ones finish, closes Redis connections. Tenant clusters keep
   * running: the next worker adopts them. Safe to call twice; every step runs even if one fails.
   */
  close(): Promise<void> {
    this.#closing ??= this.#close();
    return this.#closing;
  }

  async #close(): Promise<void> {
    if (this.#reconcileTimer !== null) clearInterval(this.#reconcileTimer);
    const steps: [string, () => Promise<void> | undefined][] = [
      ["worker", () => this.#worker?.close()],
      ["queue", () => this.#queue.close()],
    ];
    const failures: unknown[] = [];
    for (const [step, run] of steps) {
      try {
        await run();
      } catch (cause) {
        this.options.logger.error({ err: cause, step }, "shutdown step failed");
        failures.push(cause);
      }
    }
    if (failures.length > 0) throw new AggregateError(failures, "worker shutdown had failures");
  }
}
