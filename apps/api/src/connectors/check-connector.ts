import { systemClock } from "@freshet/connectors/runtime/system-clock";
import type { Logger } from "pino";
import type { ValidConnector } from "./validate-connector.js";

/** A check that does not answer by then is a failed one: the person is waiting on it. */
const CHECK_TIMEOUT_MS = 15_000;

/**
 * Runs the connector's own check (it connects to its target and looks at the settings without
 * moving data). The answer is one sentence on failure: the check's own, or why it did not finish.
 */
export async function checkConnector(valid: ValidConnector, logger: Logger): Promise<{ readonly ok: true; readonly detail: string | null } | { readonly ok: false; readonly message: string }> {
  const { connector, config, settings } = valid;
  const context = { config: settings, name: config.name, logger: logger.child({ connector: config.name, check: true }), clock: systemClock };
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<{ ok: false; message: string }>((resolve) => {
    timer = setTimeout(() => resolve({ ok: false, message: `The check of ${connector.type} did not finish within ${(CHECK_TIMEOUT_MS / 1000).toString()} seconds.` }), CHECK_TIMEOUT_MS);
  });
  try {
    const result = await Promise.race([connector.check(context), timeout]);
    return result.ok ? { ok: true, detail: result.detail ?? null } : { ok: false, message: firstSentence(result.message) };
  } catch (error) {
    return { ok: false, message: firstSentence(`The check of ${connector.type} failed: ${(error as Error).message}`) };
  } finally {
    clearTimeout(timer);
  }
}

function firstSentence(text: string): string {
  const line = text.split("\n")[0]?.trim() ?? "";
  return /[.!?]$/.test(line) ? line : `${line}.`;
}
