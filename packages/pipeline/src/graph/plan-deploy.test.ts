import { describe, expect, it } from "vitest";
import { SENSORS, specOf } from "../test-support/sensors-pipeline.js";
import { compilePipeline } from "./compile.js";
import { planDeploy } from "./plan-deploy.js";

const sensors = compilePipeline(specOf(SENSORS));

describe("planDeploy", () => {
  it("deploys every component the first time", () => {
    expect(planDeploy(undefined, sensors)).toEqual({ deploy: ["sensors", "sensors-readings", "sensors-to-postgres"], remove: [], unchanged: [] });
  });

  it("touches nothing when only the layout moved", () => {
    const moved = compilePipeline(specOf(SENSORS.replace("readings: { x: 0, y: 0 }", "readings: { x: 5, y: 9 }")));
    expect(planDeploy(sensors, moved)).toEqual({ deploy: [], remove: [], unchanged: ["sensors", "sensors-readings", "sensors-to-postgres"] });
  });

  it("redeploys a changed component and removes a dropped one", () => {
    const next = compilePipeline(specOf(SENSORS.replace(/ {2}to-postgres:\n(.*\n){4}/, "").replace('min: "30"', 'min: "35"')));
    expect(planDeploy(sensors, next)).toEqual({ deploy: ["sensors"], remove: ["sensors-to-postgres"], unchanged: ["sensors-readings"] });
  });
});
