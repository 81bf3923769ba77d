import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import { chmodSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { isListening } from "../../../test-support/services.js";
import { closedPort } from "../../shared/test-support/closed-port.js";

export const MOSQUITTO_URL = "mqtt://127.0.0.1:1883";

async function waitUntilListening(port: number, what: string): Promise<void> {
  const deadline = Date.now() + 15_000;
  while (!(await isListening("127.0.0.1", port))) {
    if (Date.now() > deadline) throw new Error(`${what} is not listening on 127.0.0.1:${port.toString()}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

/** Starts the machine's shared Mosquitto when it is not running (the command ENVIRONMENT.md gives). */
export async function ensureMosquitto(): Promise<void> {
  if (await isListening("127.0.0.1", 1883)) return;
  spawnSync("mosquitto", ["-d", "-c", "/etc/mosquitto/mosquitto.conf"], { stdio: "ignore" });
  await waitUntilListening(1883, "Mosquitto");
}

/**
 * A Mosquitto of this test's own, on a free port, that lets in only `username`/`password`: the
 * shared one allows anonymous clients, so wrong credentials need a broker that checks them.
 */
export async function startBrokerWithPassword(username: string, password: string): Promise<{ url: string; stop(): Promise<void> }> {
  const dir = mkdtempSync(join(tmpdir(), "freshet-mosquitto-"));
  const passwordFile = join(dir, "passwords");
  writeFileSync(passwordFile, "");
  spawnSync("mosquitto_passwd", ["-b", passwordFile, username, password], { stdio: "ignore" });
  // Started as root, Mosquitto drops to its own user, which must be able to read the password file.
  chmodSync(dir, 0o755);
  chmodSync(passwordFile, 0o644);
  const port = await closedPort();
  writeFileSync(join(dir, "mosquitto.conf"), `listener ${port.toString()} 127.0.0.1\nallow_anonymous false\npassword_file ${passwordFile}\npersistence false\n`);
  const broker: ChildProcess = spawn("mosquitto", ["-c", join(dir, "mosquitto.conf")], { stdio: "ignore" });
  const stop = async (): Promise<void> => {
    if (broker.exitCode === null && broker.signalCode === null) {
      const exited = new Promise((resolve) => broker.once("exit", resolve));
      broker.kill();
      await exited;
    }
    rmSync(dir, { recursive: true, force: true });
  };
  try {
    await waitUntilListening(port, "the test's own Mosquitto");
  } catch (error) {
    await stop();
    throw error;
  }
  return { url: `mqtt://127.0.0.1:${port.toString()}`, stop };
}
