import { existsSync } from "node:fs";
import { readFile } from "node:fs/promises";
import { dirname, join } from "node:path";
import { z } from "zod";

export const MODULE_LANGUAGES = ["typescript", "assemblyscript"] as const;
export type ModuleLanguage = (typeof MODULE_LANGUAGES)[number];

const packageSchema = z.object({ freshet: z.object({ language: z.enum(MODULE_LANGUAGES) }).optional() });

/**
 * The language a module's source is written in: `"freshet": { "language": ... }` in the
 * nearest package.json above it, TypeScript (or JavaScript) when that says nothing.
 */
export async function moduleLanguage(entry: string): Promise<ModuleLanguage> {
  for (let dir = dirname(entry); ; dir = dirname(dir)) {
    const path = join(dir, "package.json");
    if (existsSync(path)) {
      let json: unknown;
      try {
        json = JSON.parse(await readFile(path, "utf8"));
      } catch {
        return "typescript";
      }
      const parsed = packageSchema.safeParse(json);
      return parsed.success ? (parsed.data.freshet?.language ?? "typescript") : "typescript";
    }
    if (dirname(dir) === dir) return "typescript";
  }
}
