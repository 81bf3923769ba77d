import { describe, expect, it } from "vitest";
import { UserError } from "../errors/user-error.js";
import { FakeMachine } from "../test-support/fake-machine.js";
import { choosePort, offsetPort } from "./port-plan.js";

describe("choosePort", () => {
  const machine = new FakeMachine();
  machine.busyPorts.add(9092);

  it("keeps a free preferred port and falls back to any free one when it is taken", async () => {
    expect(await choosePort(machine, "127.0.0.1", { kind: "preferred", port: 9093 })).toBe(9093);
    expect(await choosePort(machine, "127.0.0.1", { kind: "preferred", port: 9092 })).toBe(0);
    expect(await choosePort(machine, "127.0.0.1", { kind: "preferred", port: 65_536 })).toBe(0);
    expect(await choosePort(machine, "127.0.0.1", { kind: "any" })).toBe(0);
  });

  it("insists on an explicit port, 0 meaning any", async () => {
    expect(await choosePort(machine, "127.0.0.1", { kind: "explicit", port: 9093, flag: "--port" })).toBe(9093);
    expect(await choosePort(machine, "127.0.0.1", { kind: "explicit", port: 0, flag: "--port" })).toBe(0);
    const taken = await choosePort(machine, "127.0.0.1", { kind: "explicit", port: 9092, flag: "--sc-port" }).catch((e: unknown) => e);
    expect(taken).toBeInstanceOf(UserError);
    expect((taken as Error).message).toBe("port 9092 on 127.0.0.1 is already in use — stop what uses it or pick another with --sc-port");
  });

  it("numbers SPU ports from a base, leaving 'any' alone", () => {
    expect(offsetPort({ kind: "explicit", port: 7000, flag: "--port" }, 2)).toEqual({ kind: "explicit", port: 7002, flag: "--port" });
    expect(offsetPort({ kind: "explicit", port: 0, flag: "--port" }, 2)).toEqual({ kind: "explicit", port: 0, flag: "--port" });
    expect(offsetPort({ kind: "any" }, 5)).toEqual({ kind: "any" });
  });
});
