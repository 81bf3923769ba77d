/** The cluster's metadata says the topic does not exist: retrying will not help. */
export class UnknownTopicError extends Error {
  readonly retriable = false;
  constructor(readonly topic: string) {
    super(`topic "${topic}" does not exist`);
    this.name = "UnknownTopicError";
  }
}

/** A partition number outside the topic's partitions. */
export class UnknownPartitionError extends Error {
  readonly retriable = false;
  constructor(
    readonly topic: string,
    readonly partition: number,
    readonly partitionCount: number,
  ) {
    super(`topic "${topic}" has no partition ${partition} (it has ${partitionCount})`);
    this.name = "UnknownPartitionError";
  }
}
