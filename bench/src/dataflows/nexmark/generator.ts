import { EventRandom } from "./event-random.js";
import { DEFAULT_NEXMARK_CONFIG, type Auction, type Bid, type EventKind, type NexmarkConfig, type NexmarkEvent, type Person } from "./model.js";

/*
 * A Nexmark event generator written from the spec's description of its model (not from another
 * implementation's code). Event number n decides everything:
 * - its kind by n mod (person + auction + bid proportions), 1:3:46 by default;
 * - its ids: people and auctions are numbered in creation order from their first ids, so the
 *   newest person and auction at n follow from n alone;
 * - a seller or bidder is, with probability 1 − 1/hotRatio, the current "hot" person (ids move in
 *   strides of 100), otherwise one of the `activePeople` newest (a few ids ahead allowed, as the
 *   spec's lead); a bid's auction is the hot auction or one of the `inFlightAuctions` newest;
 * - its event time: firstEventTime + n × 1000 / eventsPerSecond;
 * - every random field from a source seeded by (seed, n).
 */

/** Hot sellers, auctions and bidders change every this many ids. */
const HOT_ID_STRIDE = 100;
/** A random person or auction may be this many ids past the newest (bids on auctions about to open). */
const PERSON_ID_LEAD = 10;
const AUCTION_ID_LEAD = 10;

const FIRST_NAMES = ["Ada", "Ben", "Cleo", "Dev", "Eli", "Fay", "Gus", "Hana", "Ivo", "Jun", "Kit", "Lea"];
const LAST_NAMES = ["Moss", "Reyes", "Stone", "Ng", "Lund", "Okoro", "Hart", "Vega", "Quill", "Abe"];
const US_STATES = ["AZ", "CA", "ID", "OR", "WA", "WY"];
const CITIES = ["Phoenix", "Los Angeles", "San Francisco", "Boise", "Portland", "Bend", "Redmond", "Seattle", "Kent", "Cheyenne"];
const HOT_CHANNELS = ["Google", "Facebook", "Baidu", "Apple"];

function pick<T>(random: EventRandom, list: readonly T[]): T {
  return list[random.nextInt(list.length)]!;
}

export class NexmarkGenerator {
  readonly config: NexmarkConfig;
  readonly #total: number;

  constructor(config: Partial<NexmarkConfig> = {}) {
    this.config = { ...DEFAULT_NEXMARK_CONFIG, ...config };
    const { personProportion, auctionProportion, bidProportion, outOfOrderGroupSize, eventsPerSecond } = this.config;
    if (![personProportion, auctionProportion, bidProportion].every((p) => Number.isSafeInteger(p) && p >= 1)) throw new Error("the Nexmark proportions must be positive integers");
    if (!Number.isSafeInteger(outOfOrderGroupSize) || outOfOrderGroupSize < 1) throw new Error("the out-of-order group size must be a positive integer");
    if (!(eventsPerSecond > 0)) throw new Error("the event rate must be positive");
    this.#total = personProportion + auctionProportion + bidProportion;
  }

  kindOf(n: number): EventKind {
    const offset = n % this.#total;
    if (offset < this.config.personProportion) return "person";
    return offset < this.config.personProportion + this.config.auctionProportion ? "auction" : "bid";
  }

  /** Event time of event number n, ms. */
  timeOf(n: number): number {
    return this.config.firstEventTime + Math.floor((n * 1000) / this.config.eventsPerSecond);
  }

  /** Event number n, in event-number (event-time) order. */
  event(n: number): NexmarkEvent {
    const random = new EventRandom(this.config.seed, n);
    switch (this.kindOf(n)) {
      case "person":
        return { kind: "person", person: this.#person(n, random) };
      case "auction":
        return { kind: "auction", auction: this.#auction(n, random) };
      case "bid":
        return { kind: "bid", bid: this.#bid(n, random) };
    }
  }

  /**
   * The first `count` events in delivery order: event-number order, shuffled within consecutive
   * groups of `outOfOrderGroupSize` (a seeded shuffle, so the order is as deterministic as the events).
   */
  *events(count: number): Generator<NexmarkEvent, void, undefined> {
    const size = this.config.outOfOrderGroupSize;
    for (let start = 0; start < count; start += size) {
      const numbers = Array.from({ length: Math.min(size, count - start) }, (_, i) => start + i);
      const random = new EventRandom(this.config.seed ^ 0x2545f491, start / size);
      for (let i = numbers.length - 1; i > 0; i--) {
        const j = random.nextInt(i + 1);
        [numbers[i], numbers[j]] = [numbers[j]!, numbers[i]!];
      }
      for (const n of numbers) yield this.event(n);
    }
  }

  /** The base-0 index of the newest person at event n (event n itself when it is a person). */
  #lastPersonIndex(n: number): number {
    const { personProportion } = this.config;
    return Math.floor(n / this.#total) * personProportion + Math.min(n % this.#total, personProportion - 1);
  }

  /** The base-0 index of the newest auction at event n; −1 before the first. */
  #lastAuctionIndex(n: number): number {
    const { personProportion, auctionProportion } = this.config;
    const epoch = Math.floor(n / this.#total);
    const offset = n % this.#total;
    if (offset < personProportion) return epoch * auctionProportion - 1;
    return epoch * auctionProportion + Math.min(offset - personProportion, auctionProportion - 1);
  }

  #randomPersonIndex(n: number, random: EventRandom): number {
    const people = this.#lastPersonIndex(n) + 1;
    const active = Math.min(people, this.config.activePeople);
    return people - active + random.nextInt(active + PERSON_ID_LEAD);
  }

  #randomAuctionIndex(n: number, random: EventRandom): number {
    const last = this.#lastAuctionIndex(n);
    const min = Math.max(last - this.config.inFlightAuctions, 0);
    return min + random.nextInt(last - min + 1 + AUCTION_ID_LEAD);
  }

  /** A price in cents, log-uniform between $1 and $1,000,000. */
  #price(random: EventRandom): number {
    return Math.round(10 ** (random.nextDouble() * 6) * 100);
  }

  /** Padding that brings a JSON value of `bytes` towards an average of `average` (targets spread ±20%). */
  #extra(random: EventRandom, bytes: number, average: number): string {
    const target = Math.round(average * (0.8 + 0.4 * random.nextDouble()));
    return target > bytes ? random.letters(target - bytes) : "";
  }

  #person(n: number, random: EventRandom): Person {
    const first = pick(random, FIRST_NAMES);
    const person = {
      id: this.config.firstPersonId + this.#lastPersonIndex(n),
      name: `${first} ${pick(random, LAST_NAMES)}`,
      emailAddress: `${random.letters(7)}@${random.letters(5)}.com`,
      creditCard: Array.from({ length: 4 }, () => (1000 + random.nextInt(9000)).toString()).join(" "),
      city: pick(random, CITIES),
      state: pick(random, US_STATES),
      dateTime: this.timeOf(n),
      extra: "",
    };
    return { ...person, extra: this.#extra(random, JSON.stringify(person).length, this.config.avgPersonBytes) };
  }

  #auction(n: number, random: EventRandom): Auction {
    const { config } = this;
    const lastPerson = this.#lastPersonIndex(n);
    const seller = random.nextInt(config.hotSellersRatio) > 0 ? Math.floor(lastPerson / HOT_ID_STRIDE) * HOT_ID_STRIDE : this.#randomPersonIndex(n, random);
    const initialBid = this.#price(random);
    const dateTime = this.timeOf(n);
    // An auction stays open for up to twice the event time it takes for inFlightAuctions more auctions to open.
    const eventsForAuctions = Math.floor((config.inFlightAuctions * this.#total) / config.auctionProportion);
    const horizon = this.timeOf(n + eventsForAuctions) - dateTime;
    const auction = {
      id: config.firstAuctionId + this.#lastAuctionIndex(n),
      itemName: random.letters(5 + random.nextInt(15)),
      description: random.letters(20 + random.nextInt(80)),
      initialBid,
      reserve: initialBid + this.#price(random),
      dateTime,
      expires: dateTime + 1 + random.nextInt(Math.max(horizon * 2, 1)),
      seller: config.firstPersonId + seller,
      category: config.firstCategoryId + random.nextInt(config.numCategories),
      extra: "",
    };
    return { ...auction, extra: this.#extra(random, JSON.stringify(auction).length, config.avgAuctionBytes) };
  }

  #bid(n: number, random: EventRandom): Bid {
    const { config } = this;
    const lastAuction = this.#lastAuctionIndex(n);
    const auction = random.nextInt(config.hotAuctionsRatio) > 0 ? Math.floor(lastAuction / HOT_ID_STRIDE) * HOT_ID_STRIDE : this.#randomAuctionIndex(n, random);
    const bidder = random.nextInt(config.hotBiddersRatio) > 0 ? Math.floor(this.#lastPersonIndex(n) / HOT_ID_STRIDE) * HOT_ID_STRIDE + 1 : this.#randomPersonIndex(n, random);
    const hotChannel = random.nextInt(config.hotChannelsRatio) > 0;
    const channelNumber = random.nextInt(10_000);
    const channel = hotChannel ? pick(random, HOT_CHANNELS) : `channel-${channelNumber.toString()}`;
    const bid = {
      auction: config.firstAuctionId + auction,
      bidder: config.firstPersonId + bidder,
      price: this.#price(random),
      channel,
      url: hotChannel ? `https://nexmark.io/${channel.toLowerCase()}` : `https://nexmark.io/${random.letters(5)}?c=${channelNumber.toString()}`,
      dateTime: this.timeOf(n),
      extra: "",
    };
    return { ...bid, extra: this.#extra(random, JSON.stringify(bid).length, config.avgBidBytes) };
  }
}
