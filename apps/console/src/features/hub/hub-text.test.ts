import { describe, expect, it } from "vitest";
import { provenanceLabel, shortKeyId, signatureSentence, updateSentence } from "./hub-text";

describe("hub sentences", () => {
  it("shortens key ids to 8 characters and names the group that signed", () => {
    expect(shortKeyId("3fa1b2c3d4e5f60718293a4b5c6d7e8f")).toBe("3fa1b2c3…");
    expect(shortKeyId("3fa1")).toBe("3fa1");
    expect(signatureSentence("3fa1b2c3d4e5f60718293a4b5c6d7e8f", "acme")).toBe("Signed by key 3fa1b2c3… of group acme");
  });

  it("says what an update moved, or that nothing needed to move", () => {
    expect(
      updateSentence([
        { package: "acme/hot", from: "1.2.0", to: "1.3.0" },
        { package: "acme/cold", from: "0.1.0", to: "0.1.4" },
      ]),
    ).toBe("Updated acme/hot 1.2.0 → 1.3.0, acme/cold 0.1.0 → 0.1.4.");
    expect(updateSentence([])).toBe("Every hub SmartModule already runs the newest version its range allows.");
  });

  it("labels provenance with the range it follows", () => {
    expect(provenanceLabel({ package: "acme/hot", range: "^1.2" })).toBe("from the Hub: acme/hot (^1.2)");
    expect(provenanceLabel({ package: "acme/hot", range: null })).toBe("from the Hub: acme/hot");
  });
});
