import type { AtomicJsonFile } from "./atomic-json-file.js";

/** What reading a document with its previous copy found. */
export type LoadedDocument<T> =
  | { readonly kind: "current"; readonly value: T }
  /** The current file is missing or damaged; the previous copy (one write older) was used. */
  | { readonly kind: "previous"; readonly value: T; readonly problem: string }
  /** Neither file exists: a new data directory. */
  | { readonly kind: "none" }
  /** A file exists but neither copy is usable. */
  | { readonly kind: "damaged"; readonly problem: string };

/**
 * Reads `file`, falling back to its previous copy when the current one is missing or
 * fails `parse` (which throws with a readable message). With `setAsideAt`, a damaged
 * current file is renamed aside (suffix `damaged-<setAsideAt>`), never overwritten or
 * deleted, so that the next write cannot turn it into the previous copy and it stays for
 * whoever investigates; without it (a caller that refuses to start) nothing is touched.
 */
export async function loadWithFallback<T>(file: AtomicJsonFile, parse: (json: unknown) => T, setAsideAt?: number): Promise<LoadedDocument<T>> {
  const current = await attempt(() => file.read(), parse);
  if (current.kind === "ok") return { kind: "current", value: current.value };
  const previous = await attempt(() => file.readPrevious(), parse);
  if (current.kind === "missing" && previous.kind === "missing") return { kind: "none" };
  let problem = current.kind === "missing" ? `${file.path} is missing` : current.problem;
  if (current.kind === "damaged" && setAsideAt !== undefined) problem += ` (kept as ${await file.setAside(`damaged-${setAsideAt}`)})`;
  if (previous.kind === "ok") return { kind: "previous", value: previous.value, problem };
  const previousProblem = previous.kind === "missing" ? "there is no previous copy" : previous.problem;
  return { kind: "damaged", problem: `${problem}, and ${previousProblem}` };
}

type Attempt<T> = { kind: "ok"; value: T } | { kind: "missing" } | { kind: "damaged"; problem: string };

async function attempt<T>(read: () => Promise<unknown>, parse: (json: unknown) => T): Promise<Attempt<T>> {
  try {
    const json = await read();
    return json === null ? { kind: "missing" } : { kind: "ok", value: parse(json) };
  } catch (cause) {
    return { kind: "damaged", problem: cause instanceof Error ? cause.message : String(cause) };
  }
}
