import type { ParamSpecs } from "./params/param-spec.js";
import type { SmartModuleKind } from "./record.js";

/** Version of the `freshet:smartmodule` WIT package a module was built against. */
export const SMART_MODULE_API_VERSION = "0.1.0";

/** What a module says about itself through its `describe` export. */
export interface SmartModuleManifest {
  readonly apiVersion: string;
  readonly kind: SmartModuleKind;
  readonly name?: string;
  readonly description?: string;
  readonly params: ParamSpecs;
}
