import { buildSmartModule } from "@freshet/smartmodule/build/build-module";
import { digestOf } from "@freshet/smartmodule/host/compile-node";
import { examplePath } from "@freshet/smartmodule/internal/test-modules";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { isModuleFile, smartModuleComponents } from "./smartmodule-components.js";
import { TestCluster } from "./test-support/dataflow-harness.js";

let cluster: TestCluster;
let component: Uint8Array;

beforeAll(async () => {
  component = (await buildSmartModule(examplePath("json-filter"))).wasm;
  cluster = await TestCluster.start();
}, 180_000);

afterAll(async () => {
  await cluster?.stop();
});

describe("a dataflow step's SmartModule", () => {
  it("is a hub module loaded as group/name, with or without its version; only a .wasm name is a file", async () => {
    await cluster.client.admin.loadSmartModule("acme/hot", "1.0.0", component);
    expect(isModuleFile("acme/hot")).toBe(false);
    expect(isModuleFile("modules/hot.wasm")).toBe(true);
    const operators = {
      hot: { from: "readings", filter: { smartmodule: "acme/hot@1.0.0", params: { field: "k", value: "v" } } },
      newest: { from: "hot", map: { smartmodule: "acme/hot" } },
    };
    const components = await smartModuleComponents({ operators } as never, { client: cluster.client });
    expect([...components].map(([name, bytes]) => [name, digestOf(bytes)])).toEqual([
      ["acme/hot@1.0.0", digestOf(component)],
      ["acme/hot", digestOf(component)],
    ]);
    await expect(smartModuleComponents({ operators: { cold: { from: "readings", filter: { smartmodule: "acme/cold" } } } } as never, { client: cluster.client })).rejects.toThrow(
      "the SmartModule acme/cold is not loaded in the cluster (load it with freshet sm load)",
    );
  });
});
