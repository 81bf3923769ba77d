import { describe, expect, it } from "vitest";
import { NexmarkGenerator } from "./generator.js";
import type { Auction, Bid, NexmarkEvent, Person } from "./model.js";
import { toRecord } from "./records.js";

const COUNT = 50_000;

function split(events: readonly NexmarkEvent[]): { people: Person[]; auctions: Auction[]; bids: Bid[] } {
  const people: Person[] = [];
  const auctions: Auction[] = [];
  const bids: Bid[] = [];
  for (const event of events) {
    if (event.kind === "person") people.push(event.person);
    else if (event.kind === "auction") auctions.push(event.auction);
    else bids.push(event.bid);
  }
  return { people, auctions, bids };
}

const average = (values: readonly number[]) => values.reduce((sum, v) => sum + v, 0) / values.length;

describe("Nexmark generator", () => {
  const events = [...new NexmarkGenerator().events(COUNT)];
  const { people, auctions, bids } = split(events);

  it("keeps person:auction:bid at 1:3:46", () => {
    expect(people).toHaveLength(COUNT / 50);
    expect(auctions).toHaveLength((COUNT / 50) * 3);
    expect(bids).toHaveLength((COUNT / 50) * 46);
    expect(events.slice(0, 50).map((e) => e.kind)).toEqual(["person", "auction", "auction", "auction", ...Array<string>(46).fill("bid")]);
  });

  it("numbers people and auctions from 1000 in creation order", () => {
    expect(people.map((p) => p.id)).toEqual(people.map((_, i) => 1000 + i));
    expect(auctions.map((a) => a.id)).toEqual(auctions.map((_, i) => 1000 + i));
  });

  it("is the same stream for the same seed, another for another seed", () => {
    const again = [...new NexmarkGenerator().events(2_000)].map((e) => toRecord(e).value);
    expect(again).toEqual(events.slice(0, 2_000).map((e) => toRecord(e).value));
    const other = [...new NexmarkGenerator({ seed: 7 }).events(2_000)].map((e) => toRecord(e).value);
    expect(other.filter((value, i) => value === again[i]).length).toBeLessThan(100);
    expect(new NexmarkGenerator().event(31_337)).toEqual(events[31_337]);
  });

  it("draws bids mostly on the hot auction, from recent auctions and people otherwise", () => {
    // Each bid's auction is either a hot one (a multiple of 100 above the first id) or among the 100 newest (+10 lead).
    let hot = 0;
    bids.forEach((bid) => {
      if ((bid.auction - 1000) % 100 === 0) hot++;
    });
    // Hot with probability 1/2, plus random picks that land on a multiple of 100 by chance.
    expect(hot / bids.length).toBeGreaterThan(0.48);
    expect(hot / bids.length).toBeLessThan(0.56);
    const newestAuction = Math.max(...auctions.map((a) => a.id));
    expect(Math.max(...bids.map((b) => b.auction))).toBeLessThanOrEqual(newestAuction + 10);
    const hotSellers = auctions.filter((a) => (a.seller - 1000) % 100 === 0).length / auctions.length;
    expect(hotSellers).toBeGreaterThan(0.72);
    expect(new Set(auctions.map((a) => a.category))).toEqual(new Set([10, 11, 12, 13, 14]));
  });

  it("pads the JSON values to the spec's average sizes", () => {
    const size = (value: unknown) => JSON.stringify(value).length;
    expect(average(people.map(size))).toBeGreaterThan(180);
    expect(average(people.map(size))).toBeLessThan(220);
    expect(average(auctions.map(size))).toBeGreaterThan(450);
    expect(average(auctions.map(size))).toBeLessThan(550);
    // Field names alone make a JSON bid ~115 B: it is kept short rather than padded.
    expect(average(bids.map(size))).toBeGreaterThan(95);
    expect(average(bids.map(size))).toBeLessThan(140);
  });

  it("has event times increasing at the configured rate, and auctions that expire after they open", () => {
    const times = events.map((e) => toRecord(e).timestamp);
    expect(times.every((t, i) => i === 0 || t >= times[i - 1]!)).toBe(true);
    // 10,000 events per second of event time.
    expect(times[COUNT - 1]! - times[0]!).toBe(4_999);
    expect(auctions.every((a) => a.expires > a.dateTime && a.expires <= a.dateTime + 400)).toBe(true);
  });

  it("delivers out of order within the configured bound only", () => {
    const generator = new NexmarkGenerator({ outOfOrderGroupSize: 100 });
    const shuffled = [...generator.events(10_000)].map(toRecord);
    const times = shuffled.map((r) => r.timestamp);
    expect(times.some((t, i) => i > 0 && t < times[i - 1]!)).toBe(true);
    let highest = -Infinity;
    let maxLateness = 0;
    for (const t of times) {
      maxLateness = Math.max(maxLateness, highest - t);
      highest = Math.max(highest, t);
    }
    // 99 events at 0.1 ms each.
    expect(maxLateness).toBeLessThanOrEqual(10);
    expect(shuffled.map((r) => r.value).sort()).toEqual(
      events
        .slice(0, 10_000)
        .map((e) => toRecord(e).value)
        .sort(),
    );
  });
});
