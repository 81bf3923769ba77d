import type { DataflowOutput, ViewRow } from "../graph/contract.js";
import { asObject, Node, type Rec, type ViewSinkLike } from "./node.js";

/** Turns records into DataflowOutputs for a topic (key, JSON value, id, event time). */
export class TopicSinkNode extends Node {
  constructor(
    id: string,
    private readonly outputs: DataflowOutput[],
  ) {
    super(id, "topic-sink", 1);
  }

  push(rec: Rec): void {
    this.recordsIn++;
    this.recordsOut++;
    this.outputs.push({ sink: this.id, id: rec.id, key: rec.key, value: rec.value, timestamp: rec.time });
  }
}

/**
 * Turns records into ViewRows: a windowed result (with windowStart/windowEnd in its value) is a
 * final row (closed), anything else a row at its event time; partial rows come from the operator.
 */
export class ViewSinkNode extends Node implements ViewSinkLike {
  constructor(
    id: string,
    private readonly rows: ViewRow[],
  ) {
    super(id, "view-sink", 1);
  }

  push(rec: Rec): void {
    this.recordsIn++;
    this.recordsOut++;
    const value = asObject(rec.value);
    const start = typeof value.windowStart === "number" ? value.windowStart : rec.time;
    const end = typeof value.windowEnd === "number" ? value.windowEnd : rec.time;
    this.rows.push({ view: this.id, key: rec.key ?? "", windowStart: start, windowEnd: end, value, closed: true });
  }

  partial(key: string, windowStart: number, windowEnd: number, value: Record<string, unknown>): void {
    this.recordsOut++;
    this.rows.push({ view: this.id, key, windowStart, windowEnd, value, closed: false });
  }
}
