// Resolved by bundleForBrowser to jco's vendored js-component-bindgen.
declare module "@freshet/smartmodule/jco-bindgen" {
  import type { ComponentBindgen } from "@freshet/smartmodule/runtime-browser";
  export const $init: ComponentBindgen["$init"];
  export const generate: ComponentBindgen["generate"];
}
