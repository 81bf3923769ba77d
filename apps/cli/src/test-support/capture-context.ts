import { Readable } from "node:stream";
import type { CliContext, OutputStream } from "../context.js";

export interface CapturedContext extends CliContext {
  readonly out: () => string;
  readonly err: () => string;
}

function capture(): { stream: OutputStream; text: () => string } {
  let text = "";
  return {
    stream: {
      write(chunk) {
        text += chunk;
        return Promise.resolve();
      },
    },
    text: () => text,
  };
}

/** A CLI context writing into strings, reading stdin from `input`. */
export function captureContext(options: { home: string; workerPath?: string; input?: string }): CapturedContext {
  const stdout = capture();
  const stderr = capture();
  return {
    env: { home: options.home, workerPath: options.workerPath, debug: false },
    stdin: Readable.from(options.input === undefined ? [] : [options.input]),
    stdout: stdout.stream,
    stderr: stderr.stream,
    interactive: false,
    now: () => Date.now(),
    out: stdout.text,
    err: stderr.text,
  };
}
