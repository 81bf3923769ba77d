import type { EventKind, NexmarkEvent } from "./model.js";

/** One event as a topic record: JSON value, keyed by the id the queries group or join on. */
export interface NexmarkRecord {
  readonly kind: EventKind;
  /** Person and auction: their id; bid: its auction. */
  readonly key: string;
  readonly value: string;
  /** The event time, as the record timestamp too. */
  readonly timestamp: number;
}

export function toRecord(event: NexmarkEvent): NexmarkRecord {
  switch (event.kind) {
    case "person":
      return { kind: "person", key: event.person.id.toString(), value: JSON.stringify(event.person), timestamp: event.person.dateTime };
    case "auction":
      return { kind: "auction", key: event.auction.id.toString(), value: JSON.stringify(event.auction), timestamp: event.auction.dateTime };
    case "bid":
      return { kind: "bid", key: event.bid.auction.toString(), value: JSON.stringify(event.bid), timestamp: event.bid.dateTime };
  }
}

/** The partition a record goes to in a topic of `partitions`: its numeric key modulo the count, so the core-only run can place it the same way. */
export function partitionOf(record: NexmarkRecord, partitions: number): number {
  return Number(record.key) % partitions;
}
