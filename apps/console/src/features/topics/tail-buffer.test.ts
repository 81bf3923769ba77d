import { expect, it } from "vitest";
import { addToTail } from "./tail-buffer";

const rec = (partition: number, offset: number, timestamp: number) => ({ partition, offset, timestamp });

it("lists newest first across partitions and ignores a record it already shows", () => {
  let tail = addToTail([], rec(0, 0, 100), 10);
  tail = addToTail(tail, rec(1, 0, 300), 10);
  tail = addToTail(tail, rec(0, 1, 200), 10);
  tail = addToTail(tail, rec(1, 0, 300), 10);
  expect(tail).toEqual([rec(1, 0, 300), rec(0, 1, 200), rec(0, 0, 100)]);
});

it("orders records of the same millisecond by offset and keeps only the newest `keep`", () => {
  let tail = addToTail([], rec(0, 0, 100), 2);
  tail = addToTail(tail, rec(0, 1, 100), 2);
  tail = addToTail(tail, rec(0, 2, 100), 2);
  expect(tail).toEqual([rec(0, 2, 100), rec(0, 1, 100)]);
});
