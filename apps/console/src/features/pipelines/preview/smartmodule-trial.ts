import type { SmartRecord } from "@freshet/smartmodule/record";
import type { Sample } from "./preview-state";

const utf8 = new TextEncoder();
const text = new TextDecoder();

/** A preview's input samples as the records a SmartModule step is handed: offsets number them so outputs can be traced back. */
export function samplesToRecords(samples: readonly Sample[]): SmartRecord[] {
  return samples.map((sample, offset) => ({ offset, timestamp: sample.time, key: sample.key === null ? null : utf8.encode(sample.key), value: utf8.encode(sample.value), headers: [] }));
}

/** A module's output records as samples: the key and time are the module's, a missing value reads as empty. */
export function recordsToSamples(records: readonly SmartRecord[]): Sample[] {
  return records.map((record) => ({ key: record.key === null ? null : text.decode(record.key), value: record.value === null ? "" : text.decode(record.value), time: record.timestamp }));
}

export interface TrialResult {
  readonly out: Sample[];
  /** One line per input record the module refused, naming which sample it was. */
  readonly errors: string[];
}

/** What a trial shows: the outputs, and the failed inputs numbered as the input table lists them (from 1). */
export function trialResult(records: readonly SmartRecord[], errors: readonly { offset: number; message: string }[]): TrialResult {
  return { out: recordsToSamples(records), errors: errors.map((error) => `record ${error.offset + 1}: ${error.message}`) };
}
