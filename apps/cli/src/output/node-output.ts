import type { OutputStream } from "../context.js";

/** Wraps a Node writable so that writers wait for 'drain' instead of buffering without bound. */
export function nodeOutput(stream: NodeJS.WritableStream): OutputStream {
  return {
    write(text) {
      if (stream.write(text)) return Promise.resolve();
      return new Promise((resolve, reject) => {
        const done = (): void => {
          stream.off("drain", done);
          stream.off("error", fail);
          resolve();
        };
        const fail = (error: Error): void => {
          stream.off("drain", done);
          reject(error);
        };
        stream.once("drain", done);
        stream.once("error", fail);
      });
    },
  };
}
