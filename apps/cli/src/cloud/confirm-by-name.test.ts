import { PassThrough } from "node:stream";
import { describe, expect, it } from "vitest";
import { captureContext } from "../test-support/capture-context.js";
import { confirmByName } from "./confirm-by-name.js";

const whatIsLost = 'Deleting cluster "main" removes its topics, records and credentials for good.';

/** A context whose stdin is a terminal on which the person types `typed`. */
function atTerminal(typed: string) {
  const stdin = Object.assign(new PassThrough(), { isTTY: true });
  stdin.end(typed);
  return { ...captureContext({ home: "/nonexistent" }), stdin };
}

describe("confirmByName", () => {
  it("goes ahead with --yes without asking", async () => {
    const context = captureContext({ home: "/nonexistent" });
    await confirmByName(context, { whatIsLost, name: "main", yes: true });
    expect(context.err()).toBe("");
  });

  it("refuses without --yes when stdin is not a terminal, saying what would be lost", async () => {
    const context = captureContext({ home: "/nonexistent", input: "main\n" });
    await expect(confirmByName(context, { whatIsLost, name: "main", yes: false })).rejects.toMatchObject({
      message: `${whatIsLost} Pass --yes to confirm (stdin is not a terminal to ask on).`,
      exitCode: 2,
    });
  });

  it("asks at a terminal and goes ahead when the name is typed", async () => {
    const context = atTerminal("main\n");
    await confirmByName(context, { whatIsLost, name: "main", yes: false });
    expect(context.err()).toBe(`${whatIsLost}\nType "main" to confirm: `);
  });

  it("stops when another name, or nothing, is typed", async () => {
    for (const typed of ["mian\n", ""]) {
      await expect(confirmByName(atTerminal(typed), { whatIsLost, name: "main", yes: false })).rejects.toMatchObject({
        message: 'not confirmed: "main" was not typed, nothing was deleted',
        exitCode: 1,
      });
    }
  });
});
