import { expect, it } from "vitest";
import { isId, newId } from "./ids.js";

it("makes prefixed, time-ordered ids that isId recognizes", () => {
  const early = newId("cluster", Date.UTC(2026, 0, 1));
  const late = newId("cluster", Date.UTC(2026, 0, 2));
  expect(early).toMatch(/^clu_[0-9a-hjkmnp-tv-z]{26}$/);
  expect(early < late).toBe(true);
  // The first ten characters are the ULID timestamp of 2026-01-01T00:00:00Z.
  expect(early.slice(0, 14)).toBe("clu_01kdvdna00");
  expect(newId("apiKey")).not.toBe(newId("apiKey"));
  expect([isId("cluster", early), isId("organization", early), isId("cluster", `${early}x`), isId("cluster", early.replace(/.$/, "u"))]).toEqual([true, false, false, false]);
});
