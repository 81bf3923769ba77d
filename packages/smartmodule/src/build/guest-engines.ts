/**
 * The JavaScript engine a JS/TS module is built with. StarlingMonkey (SpiderMonkey,
 * componentize-js) runs modules about 2.5-3x faster; QuickJS (componentize-qjs) builds
 * in a few seconds instead of tens and makes ~1.7 MB components instead of ~12 MB.
 * Kept apart from the build so a CLI can parse the option without loading the toolchain.
 */
export const GUEST_ENGINES = ["starlingmonkey", "quickjs"] as const;
export type GuestEngine = (typeof GUEST_ENGINES)[number];
