import { Gauge, type Registry } from "prom-client";
import type { OffsetStorage } from "../groups/offset-storage.js";
import type { PartitionSource } from "./log-metrics.js";

/**
 * The two halves of consumer group lag, each reported by the process that knows it.
 *
 * Lag is a partition's high watermark minus a group's committed offset. In a cluster
 * the group's coordinator (the leader of its __consumer_offsets partition) holds the
 * committed offsets, and each partition's leader, often another SPU, holds its high
 * watermark. A coordinator computing lag itself would have to ask every leader at
 * scrape time (a slow scrape that fails with any peer) or serve end offsets cached
 * from some earlier moment (lag that is wrong by however old the cache is). So no
 * process reports lag: the coordinator reports committed offsets and the leader
 * high watermarks, both exact at their scrape, and whoever scraped the whole cluster
 * subtracts them, e.g. in PromQL:
 *
 *   max by (topic, partition) (freshet_partition_high_watermark)
 *     - on (topic, partition) group_right freshet_consumer_group_committed_offset
 *
 * (the max keeps the join one-to-many while a leadership change briefly has two
 * leaders answering). The console's collector does the same subtraction.
 */
export function registerGroupMetrics(registry: Registry, topics: PartitionSource, offsets: Pick<OffsetStorage, "groups" | "committedFor">): void {
  const registers = [registry];
  new Gauge({
    name: "freshet_partition_high_watermark",
    help: "High watermark (the offset after the last committed record) of a partition led here; only its leader reports it.",
    labelNames: ["topic", "partition"],
    registers,
    collect() {
      this.reset();
      for (const topic of topics.list()) {
        for (const placement of topic.partitions) {
          const partition = topics.local(topic.name, placement.index);
          if (partition?.isLeader === true) this.set({ topic: topic.name, partition: String(placement.index) }, partition.highWatermark);
        }
      }
    },
  });
  new Gauge({
    name: "freshet_consumer_group_committed_offset",
    help: "Offset a consumer group committed for a partition, reported by the group's coordinator; its lag is the partition's freshet_partition_high_watermark minus this.",
    labelNames: ["group", "topic", "partition"],
    registers,
    collect() {
      this.reset();
      for (const group of offsets.groups()) {
        for (const [key, committed] of offsets.committedFor(group)) {
          const [topic = "", partition = ""] = key.split("\0");
          // kafkajs's resetOffsets commits -1/-2 (latest/earliest) verbatim: not an offset to subtract from.
          if (committed.offset >= 0) this.set({ group, topic, partition }, committed.offset);
        }
      }
    },
  });
}
