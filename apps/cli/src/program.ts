import { Command, CommanderError } from "commander";
import { registerCdkCommands } from "./commands/cdk.js";
import { registerCloudCommands } from "./commands/cloud.js";
import { registerClusterCommands } from "./commands/cluster.js";
import { registerConnectorCommands } from "./commands/connector.js";
import { registerConsumeCommand } from "./commands/consume.js";
import { registerDataflowCommands } from "./commands/dataflow.js";
import { registerHubCommands } from "./commands/hub.js";
import { registerPipelineCommands } from "./commands/pipeline.js";
import { registerPartitionCommands } from "./commands/partition.js";
import { registerProduceCommand } from "./commands/produce.js";
import { registerSmCommands } from "./commands/sm.js";
import { registerSpuCommands } from "./commands/spu.js";
import { registerTopicCommands } from "./commands/topic.js";
import type { CliContext } from "./context.js";
import type { ClientFlags } from "./profile/sasl-flags.js";
import { describeError } from "./errors/describe-error.js";
import { EXIT_FAILURE, EXIT_USAGE, UserError } from "./errors/user-error.js";

export const CLI_VERSION = "0.1.0";

export function buildProgram(context: CliContext): Command {
  const program = new Command("freshet")
    .description("Freshet: a Kafka-compatible streaming engine")
    .version(CLI_VERSION)
    .option("--bootstrap <host:port>", "broker to talk to (overrides the current profile)")
    .option("--sasl-username <name>", "log in as this user (clusters that require SASL; overrides the profile's login)")
    .option("--sasl-password <password>", "password for --sasl-username; default $FRESHET_PASSWORD, which stays out of `ps` and shell history")
    .option("--sasl-mechanism <mechanism>", "plain or scram-sha-256 (default scram-sha-256)")
    .showSuggestionAfterError()
    .exitOverride()
    .configureOutput({
      writeOut: (text) => void context.stdout.write(text),
      writeErr: (text) => void context.stderr.write(text),
    });
  const globals = (): ClientFlags => program.opts<ClientFlags>();
  registerClusterCommands(program, context, globals);
  registerSpuCommands(program, context);
  registerPartitionCommands(program, context, globals);
  registerTopicCommands(program, context, globals);
  registerProduceCommand(program, context, globals);
  registerConsumeCommand(program, context, globals);
  registerSmCommands(program, context, globals);
  registerCdkCommands(program, context, globals);
  registerCloudCommands(program, context);
  registerHubCommands(program, context);
  registerConnectorCommands(program, context);
  registerDataflowCommands(program, context);
  registerPipelineCommands(program, context);
  // Subcommands inherit exit handling and output so no path calls process.exit behind our back.
  const configure = (command: Command): void => {
    for (const sub of command.commands) {
      sub.exitOverride().configureOutput({
        writeOut: (text) => void context.stdout.write(text),
        writeErr: (text) => void context.stderr.write(text),
      });
      configure(sub);
    }
  };
  configure(program);
  return program;
}

/** Runs one command line (without "node" and the script) and returns the exit code. */
export async function runCli(argv: readonly string[], context: CliContext): Promise<number> {
  const program = buildProgram(context);
  try {
    await program.parseAsync([...argv], { from: "user" });
    return 0;
  } catch (error) {
    if (error instanceof CommanderError) {
      // Commander already printed its message (or the help / version text).
      if (error.code === "commander.helpDisplayed" || error.code === "commander.version") return 0;
      return error.exitCode === 0 ? 0 : EXIT_USAGE;
    }
    const { message, expected } = describeError(error);
    await context.stderr.write(`freshet: ${message}\n`);
    if (!expected && context.env.debug && error instanceof Error && error.stack) await context.stderr.write(`${error.stack}\n`);
    return error instanceof UserError ? error.exitCode : EXIT_FAILURE;
  }
}
