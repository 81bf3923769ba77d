/**
 * Runs async tasks one at a time in the order they were submitted. Every change to a
 * log's files (append writes, rolls, truncation, retention, fsync, close) goes through
 * one of these, so no two of them ever interleave; reads do not, so they never wait.
 */
export class SerialExecutor {
  #tail: Promise<unknown> = Promise.resolve();

  run<T>(task: () => Promise<T>): Promise<T> {
    const result = this.#tail.then(task);
    this.#tail = result.catch(() => undefined);
    return result;
  }
}
