import type { FreshetClient } from "@freshet/client/client";
import type { StartPosition } from "@freshet/client/consumer/consumed-record";
import { SmartConsumeError, type SmartChainStep } from "@freshet/client/consumer/smart-consume";
import type { CliContext } from "../context.js";
import { UserError } from "../errors/user-error.js";
import type { RecordFormatter } from "../output/record-format.js";

export interface SmartConsumeCommand {
  readonly topic: string;
  readonly partitions: readonly number[] | undefined;
  readonly start: StartPosition;
  readonly exitAtEnd: boolean;
  readonly chain: readonly SmartChainStep[];
  readonly signal: AbortSignal;
}

/**
 * `consume --sm`: prints what the broker-side chain makes of the records; a record
 * the chain could not handle is reported on stderr and reading goes on. A chain
 * the broker refuses or that fails there ends the command with the broker's message.
 */
export async function printSmartConsume(client: FreshetClient, context: CliContext, command: SmartConsumeCommand, format: RecordFormatter): Promise<void> {
  const { chain, signal } = command;
  const items = client.smartConsume({ topic: command.topic, partitions: command.partitions, start: command.start, exitAtEnd: command.exitAtEnd, chain, signal });
  try {
    for await (const item of items) {
      if (item.kind === "record") {
        await context.stdout.write(`${format(item.record)}\n`);
      } else {
        const { partition, offset, module, message } = item.error;
        await context.stderr.write(`record ${partition}/${offset} skipped by ${module}: ${message}\n`);
      }
      if (signal.aborted) break;
    }
  } catch (error) {
    if (error instanceof SmartConsumeError) {
      throw new UserError(`SmartModule chain on ${error.topic}/${error.partition} (${error.errorName}): ${error.message}`, 1, { cause: error });
    }
    throw error;
  }
}
