#!/usr/bin/env node
// The installed `freshet` command. npm links bins during install, before the root `prepare`
// script builds dist/, and tsc rewrites dist/ without the executable bit: a committed
// launcher that exists at install time and keeps its mode avoids both.
import { existsSync } from "node:fs";
import process from "node:process";
import { URL } from "node:url";

const entry = new URL("../dist/main.js", import.meta.url);
if (!existsSync(entry)) {
  process.stderr.write("freshet is not built yet: run `npm run build` in the Freshet repository.\n");
  process.exit(1);
}
await import(entry.href);
