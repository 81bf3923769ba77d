#!/usr/bin/env node
// The installed `freshet` command. npm links bins during install, before the root `prepare`
// script builds dist/, and tsc rewrites dist/ without the executable bit: a committed
// launcher that exists at install time and keeps its mode avoids both.
import { existsSync } from "node:fs";

const entry = new URL("../dist/main.js", import.meta.url);
if (!existsSync(entry)) {
  console.error("freshet is not built yet: run `npm run build` in the Freshet repository.");
  process.exit(1);
}
await import(entry.href);
