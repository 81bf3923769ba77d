import { advertisedApiVersions, SUPPORTED_APIS } from "@freshet/protocol/messages/index";
import pino from "pino";
import { describe, expect, it } from "vitest";
import { saslHandlers } from "../handlers/sasl.js";
import { Dispatcher } from "../server/dispatcher.js";
import { brokerHandlers } from "./handler-table.js";

/** Freshet's own APIs take keys from 1000 on; below are Kafka's. */
const FIRST_EXTENSION_KEY = 1000;

describe("brokerHandlers", () => {
  it("advertises exactly the Kafka APIs the protocol defines (SASL ones on SASL listeners), each with its definition's range", () => {
    // Handlers read the context when a request arrives; building them needs only settings.
    const ctx = { settings: {} } as Parameters<typeof brokerHandlers>[0];
    const dispatcher: Dispatcher = new Dispatcher([...brokerHandlers(ctx)(() => dispatcher.advertised()), ...saslHandlers()], pino({ level: "silent" }));
    const kafka = dispatcher.advertised().filter((entry) => entry.apiKey < FIRST_EXTENSION_KEY);
    expect(kafka).toEqual(advertisedApiVersions(SUPPORTED_APIS));
  });
});
