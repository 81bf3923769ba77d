/// <reference lib="webworker" />
/*
 * Runs one SmartModule step over sample records in a Web Worker: a component's calls cannot be
 * interrupted on the thread that makes them, so a module that loops would freeze the page; here
 * the page terminates the worker instead. The component is transpiled by jco's bindgen, loaded
 * only when a trial starts.
 */
import { trialResult, samplesToRecords } from "./smartmodule-trial";
import type { TrialRequest, TrialReply } from "./trial-messages";

const scope = self as unknown as DedicatedWorkerGlobalScope;

scope.onmessage = async (event: MessageEvent<TrialRequest>) => {
  const { component, name, params, samples } = event.data;
  let reply: TrialReply;
  try {
    const [bindgen, { openBrowserChain }, { packRecords }, { unpackRecords }] = await Promise.all([
      import("@bytecodealliance/jco-transpile/component"),
      import("@freshet/smartmodule/runtime-browser"),
      import("@freshet/smartmodule/packed/packed-writer"),
      import("@freshet/smartmodule/packed/packed-reader"),
    ]);
    const chain = await openBrowserChain(bindgen, [{ name, module: component, params: Object.entries(params) }]);
    try {
      const output = await chain.process(packRecords(samplesToRecords(samples)));
      reply = { ok: true, result: trialResult(unpackRecords(output.records), output.errors) };
    } finally {
      await chain.close();
    }
  } catch (cause) {
    reply = { ok: false, message: cause instanceof Error ? cause.message : String(cause) };
  }
  scope.postMessage(reply);
};
