import { describe, expect, it } from "vitest";
import { formatUserCode, normalizeUserCode } from "./device-user-code.js";

describe("device login codes", () => {
  it("are shown as two groups of four, however they arrive", () => {
    for (const text of ["ABCDEFGH", "abcdefgh", "abcd-efgh", " ABCD EFGH "]) expect(formatUserCode(text)).toBe("ABCD-EFGH");
  });

  it("are read back as the API takes them", () => {
    expect(normalizeUserCode("abcd-efgh")).toBe("ABCDEFGH");
    expect(normalizeUserCode(formatUserCode("WXYZ2345"))).toBe("WXYZ2345");
  });

  it("of another length are shown as they are", () => {
    expect(formatUserCode("abc12")).toBe("ABC12");
  });
});
