import { describe, expect, it } from "vitest";
import { credentialName } from "./credential-name.js";

describe("credentialName", () => {
  const at = new Date("2026-03-04T05:06:07.890Z");

  it("names the host and the UTC time", () => {
    expect(credentialName("ada-laptop.local", at)).toBe("cli-ada-laptop.local-20260304-050607");
  });

  it("keeps only the characters a credential name may hold, and at most 40 of the host", () => {
    expect(credentialName("Ada's MacBook_Pro", at)).toBe("cli-Ada-s-MacBook-Pro-20260304-050607");
    expect(credentialName("-.weird.-", at)).toBe("cli-weird-20260304-050607");
    expect(credentialName("***", at)).toBe("cli-host-20260304-050607");
    expect(credentialName("h".repeat(80), at)).toBe(`cli-${"h".repeat(40)}-20260304-050607`);
  });
});
