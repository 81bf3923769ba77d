import type { Sample } from "./preview-state";
import type { TrialResult } from "./smartmodule-trial";

/** What the page sends the trial worker. */
export interface TrialRequest {
  readonly component: Uint8Array;
  /** The module's name, for messages. */
  readonly name: string;
  readonly params: Readonly<Record<string, string>>;
  readonly samples: readonly Sample[];
}

export type TrialReply = { readonly ok: true; readonly result: TrialResult } | { readonly ok: false; readonly message: string };
