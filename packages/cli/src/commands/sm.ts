import type { Command } from "commander";
import type { CliContext } from "../context.js";
import { addSmDevCommands } from "./sm-dev.js";

export function registerSmCommands(program: Command, context: CliContext): void {
  const sm = program.command("sm").description("build, test and manage SmartModules");
  addSmDevCommands(sm, context);
}
