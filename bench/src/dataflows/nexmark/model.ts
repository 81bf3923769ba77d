/*
 * The Nexmark model (an online auction house): people register, open auctions and bid. Field
 * names follow the Nexmark schema; times are epoch milliseconds (numbers), so a dataflow's
 * `eventTime: dateTime` and comparisons in CEL need no parsing.
 */

export interface Person {
  readonly id: number;
  readonly name: string;
  readonly emailAddress: string;
  readonly creditCard: string;
  readonly city: string;
  readonly state: string;
  readonly dateTime: number;
  readonly extra: string;
}

export interface Auction {
  readonly id: number;
  readonly itemName: string;
  readonly description: string;
  readonly initialBid: number;
  readonly reserve: number;
  readonly dateTime: number;
  readonly expires: number;
  readonly seller: number;
  readonly category: number;
  readonly extra: string;
}

export interface Bid {
  readonly auction: number;
  readonly bidder: number;
  readonly price: number;
  readonly channel: string;
  readonly url: string;
  readonly dateTime: number;
  readonly extra: string;
}

export type NexmarkEvent = { readonly kind: "person"; readonly person: Person } | { readonly kind: "auction"; readonly auction: Auction } | { readonly kind: "bid"; readonly bid: Bid };
export type EventKind = NexmarkEvent["kind"];
export const EVENT_KINDS: readonly EventKind[] = ["person", "auction", "bid"];

/**
 * The generator's knobs, defaults from the Nexmark spec's configuration: proportions 1:3:46,
 * 1,000 active people, 100 auctions in flight, hot ratios (a draw in [0, ratio) above 0 picks the
 * hot seller / auction / bidder / channel), first ids 1000, 5 categories, average sizes.
 */
export interface NexmarkConfig {
  readonly seed: number;
  /** Event time of event 0, ms. */
  readonly firstEventTime: number;
  /** Event-time rate: event n is at firstEventTime + n × 1000 / eventsPerSecond. */
  readonly eventsPerSecond: number;
  readonly personProportion: number;
  readonly auctionProportion: number;
  readonly bidProportion: number;
  readonly activePeople: number;
  readonly inFlightAuctions: number;
  readonly hotSellersRatio: number;
  readonly hotAuctionsRatio: number;
  readonly hotBiddersRatio: number;
  readonly hotChannelsRatio: number;
  readonly firstPersonId: number;
  readonly firstAuctionId: number;
  readonly firstCategoryId: number;
  readonly numCategories: number;
  /** Average JSON sizes, bytes: the `extra` field pads each event towards them. */
  readonly avgPersonBytes: number;
  readonly avgAuctionBytes: number;
  readonly avgBidBytes: number;
  /**
   * Events are delivered shuffled within consecutive groups of this many (1: in order), so an event
   * arrives at most (size − 1) × 1000 / eventsPerSecond ms out of event-time order.
   */
  readonly outOfOrderGroupSize: number;
}

export const DEFAULT_NEXMARK_CONFIG: NexmarkConfig = {
  seed: 42,
  firstEventTime: Date.UTC(2026, 0, 1),
  eventsPerSecond: 10_000,
  personProportion: 1,
  auctionProportion: 3,
  bidProportion: 46,
  activePeople: 1_000,
  inFlightAuctions: 100,
  hotSellersRatio: 4,
  hotAuctionsRatio: 2,
  hotBiddersRatio: 4,
  hotChannelsRatio: 2,
  firstPersonId: 1_000,
  firstAuctionId: 1_000,
  firstCategoryId: 10,
  numCategories: 5,
  avgPersonBytes: 200,
  avgAuctionBytes: 500,
  avgBidBytes: 100,
  outOfOrderGroupSize: 1,
};
