import { defineSink } from "../../kit/connector.js";
import { lakeSinkConfig } from "./lake-config.js";
import { openLakeStore } from "./lake-store.js";
import { LakeSinkTask } from "./lake-sink-task.js";

export default defineSink({
  type: "lake-sink",
  kind: "sink",
  description: "Writes records to Parquet files in a directory or an S3 bucket, one file per topic-partition and offset range.",
  config: lakeSinkConfig,
  async check(context) {
    const store = await openLakeStore(context.config.destination);
    try {
      return await store.check();
    } finally {
      await store.close();
    }
  },
  async open(context) {
    return new LakeSinkTask(context.config, await openLakeStore(context.config.destination), context.clock);
  },
});
