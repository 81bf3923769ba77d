/**
 * One operation at a time per cluster within this process: a provision, a delete, a credentials
 * sync and a reconcile of the same cluster queue behind each other, other clusters run freely.
 */
export class ClusterLocks {
  readonly #tails = new Map<string, Promise<unknown>>();

  run<T>(clusterId: string, operation: () => Promise<T>): Promise<T> {
    const previous = this.#tails.get(clusterId) ?? Promise.resolve();
    const result = previous.then(operation, operation);
    const tail = result.catch(() => undefined);
    this.#tails.set(clusterId, tail);
    void tail.then(() => {
      if (this.#tails.get(clusterId) === tail) this.#tails.delete(clusterId);
    });
    return result;
  }
}
