import { parsePipeline } from "../spec/parse-pipeline.js";
import type { PipelineSpec } from "../spec/pipeline-spec.js";

/** The end-to-end test's pipeline: MQTT source → SmartModule filter → hopping-window count → view + Postgres sink. */
export const SENSORS = `# Hot sensors, counted per device
apiVersion: freshet.io/v1
kind: Pipeline
name: sensors
sources:
  readings:
    topic: sensor-readings
    eventTime: ts
    connector:
      type: mqtt-source
      config: { url: "mqtt://127.0.0.1:1883", topics: [ "sensors/#" ], payloadFormat: json }
operators:
  # only readings over the threshold
  hot:
    from: readings
    filter: { smartmodule: hot-filter, params: { min: "30" } }
  per-device:
    from: hot
    keyBy: device
  counts:
    from: per-device
    aggregate: { window: { hopping: { size: 1m, slide: 10s } }, fields: { n: { count: true } } }
sinks:
  counts-view: { from: counts, view: {} }
  to-postgres:
    from: counts
    connector:
      type: postgres-sink
      config: { url: "postgres://freshet@127.0.0.1:5432/sensors", table: counts, columns: { device: $key, n: n } }
layout:
  readings: { x: 0, y: 0 }
  hot: { x: 200, y: 0 }
`;

export function specOf(text: string): PipelineSpec {
  const parsed = parsePipeline(text);
  if (!parsed.ok) throw new Error(parsed.problems.map((p) => p.message).join("; "));
  return parsed.spec;
}
