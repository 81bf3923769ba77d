import { z } from "zod";
import { defineSource } from "../../kit/connector.js";
import { PermanentError } from "../../kit/errors.js";
import { KafkaSourceTask, planMirror } from "./kafka-source-task.js";
import { parseMirrorPosition } from "./mirror-position.js";
import { asConnectorError, connectRemote, describeRemoteTopic, remoteClusterFields } from "./remote-cluster.js";

const kafkaSourceConfig = z.strictObject({
  ...remoteClusterFields,
  start: z.enum(["beginning", "end"]).default("beginning").describe("Where copying starts the first time (no stored position): the topic's oldest records, or only new ones. Default beginning."),
});

export default defineSource({
  type: "kafka-source",
  kind: "source",
  description: "Mirrors a topic of another Kafka-protocol cluster, keeping keys, values, headers and timestamps.",
  config: kafkaSourceConfig,
  check: (context) => describeRemoteTopic(context.config, context.name),
  async open(context) {
    const stored = parseMirrorPosition(context.position);
    if (stored === null) throw new PermanentError("the stored position is not a kafka-source position (partition → offset); reset the connector's offsets");
    const client = connectRemote(context.config, context.name);
    try {
      const start = await planMirror(client, context.config, stored);
      return new KafkaSourceTask(client, context.config, start, context.maxBatch);
    } catch (error) {
      await client.close();
      throw asConnectorError(error, context.config);
    }
  },
});
