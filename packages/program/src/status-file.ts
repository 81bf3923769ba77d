import { randomUUID } from "node:crypto";
import { readFile, rename, writeFile } from "node:fs/promises";
import type { z } from "zod";

/**
 * A process's status as a JSON file its supervisor reads. Each write goes to its own temporary
 * file and is renamed over the status file: a reader never sees half a file, and a state change
 * and the periodic rewrite can overlap (with one shared temporary name the second rename would
 * find the file already moved).
 */
export async function writeStatusJson(path: string, status: unknown): Promise<void> {
  const temporary = `${path}.${randomUUID()}.tmp`;
  await writeFile(temporary, `${JSON.stringify(status, null, 2)}\n`);
  await rename(temporary, path);
}

/** The status last written at `path`, or undefined when there is none (never started) or it does not match the schema. */
export async function readStatusJson<T>(path: string, schema: z.ZodType<T>): Promise<T | undefined> {
  let text: string;
  try {
    text = await readFile(path, "utf8");
  } catch {
    return undefined;
  }
  try {
    const parsed = schema.safeParse(JSON.parse(text));
    return parsed.success ? parsed.data : undefined;
  } catch {
    return undefined;
  }
}
