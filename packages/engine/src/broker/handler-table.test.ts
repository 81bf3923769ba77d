import { advertisedApiVersions, SUPPORTED_APIS } from "@freshet/protocol/messages/index";
import pino from "pino";
import { describe, expect, it } from "vitest";
import { Dispatcher } from "../server/dispatcher.js";
import type { BrokerContext } from "./broker-context.js";
import { brokerHandlers } from "./handler-table.js";

describe("brokerHandlers", () => {
  it("advertises every Kafka API the protocol defines, with the definition's range, and nothing else", () => {
    // Handlers read the context when a request arrives; building them needs only settings.
    const ctx = { settings: {} } as BrokerContext;
    let dispatcher: Dispatcher | undefined;
    dispatcher = new Dispatcher(brokerHandlers(ctx)(() => dispatcher!.advertised()), pino({ level: "silent" }));
    expect(dispatcher.advertised()).toEqual(advertisedApiVersions(SUPPORTED_APIS));
  });
});
