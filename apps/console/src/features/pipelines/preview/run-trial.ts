import type { TrialReply, TrialRequest } from "./trial-messages";
import type { TrialResult } from "./smartmodule-trial";

/** A trial longer than this is a module that loops (or a very slow one): its worker is ended. */
export const TRIAL_TIMEOUT_MS = 20_000;

/** Runs a trial in a fresh worker, ended when it answers or after TRIAL_TIMEOUT_MS. */
export function runTrial(request: TrialRequest): Promise<TrialResult> {
  const worker = new Worker(new URL("./trial-worker.ts", import.meta.url), { type: "module" });
  return new Promise<TrialResult>((resolve, reject) => {
    const timer = setTimeout(() => {
      worker.terminate();
      reject(new Error(`The SmartModule did not finish within ${TRIAL_TIMEOUT_MS / 1000} s, so the trial was stopped.`));
    }, TRIAL_TIMEOUT_MS);
    const finish = () => {
      clearTimeout(timer);
      worker.terminate();
    };
    worker.onmessage = (event: MessageEvent<TrialReply>) => {
      finish();
      if (event.data.ok) resolve(event.data.result);
      else reject(new Error(event.data.message));
    };
    worker.onerror = (event) => {
      finish();
      reject(new Error(event.message || "The SmartModule trial could not start in this browser."));
    };
    worker.postMessage(request);
  });
}
