import { expect, it } from "vitest";
import { z } from "zod";
import { parseEnvironment } from "./env.js";

const schema = z.object({ PORT: z.coerce.number().int().default(4000), URL: z.url() });

it("treats an empty variable as unset, so it takes its default", () => {
  expect(parseEnvironment(schema, { PORT: "", URL: "http://x" })).toEqual({ PORT: 4000, URL: "http://x" });
});

it("names every bad variable in one error", () => {
  expect(() => parseEnvironment(schema, { PORT: "many", URL: "" })).toThrow(/^invalid environment: PORT: .+; URL: /);
});
