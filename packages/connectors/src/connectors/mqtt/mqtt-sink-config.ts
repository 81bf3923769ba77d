import { z } from "zod";
import { unknownPlaceholder } from "../shared/record-template.js";
import { mqttConnectionFields } from "./mqtt-connection.js";
import { mqttQos } from "./mqtt-source-config.js";

export const mqttSinkConfig = z.strictObject({
  ...mqttConnectionFields,
  topic: z
    .string()
    .min(1)
    .refine((value) => unknownPlaceholder(value) === undefined, { message: "may use only the placeholders {{topic}}, {{partition}}, {{offset}} and {{key}}" })
    .refine((value) => !/[+#]/.test(value), { message: "must not contain the wildcards + or #" })
    .default("{{topic}}")
    .describe("The MQTT topic each record is published to; {{key}} and {{topic}} (and {{partition}}, {{offset}}) are the record's. Default {{topic}}."),
  qos: mqttQos.default(1).describe("QoS of the published messages: with 1 and 2 a write ends only once the broker acknowledged every message. Default 1."),
  retain: z.boolean().default(false).describe("Publish as retained messages (the broker keeps the last one per topic; a record without value clears it)."),
});

export type MqttSinkConfig = z.infer<typeof mqttSinkConfig>;
