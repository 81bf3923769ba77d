import type { GraphObserver } from "./contract.js";
import type { Node, Rec } from "../operators/node.js";
import { SourceNode } from "../operators/source.js";

const utf8 = new TextDecoder();

/**
 * Wraps one node's entry points for `observer`. Instance properties shadow the class's methods,
 * so only an observed graph pays for the extra call.
 */
export function observeNode(node: Node, observer: GraphObserver): void {
  const id = node.id;
  if (node instanceof SourceNode) {
    const ingest = node.ingest.bind(node);
    node.ingest = (input, now) => {
      observer.in(id, { key: input.key === null ? null : utf8.decode(input.key), value: input.value === null ? null : utf8.decode(input.value), time: input.timestamp });
      ingest(input, now);
    };
  } else {
    const push = node.push.bind(node);
    node.push = (rec: Rec, port: number) => {
      observer.in(id, rec);
      push(rec, port);
    };
  }
  const emit = node.emit.bind(node);
  node.emit = (rec: Rec) => {
    observer.out(id, rec);
    emit(rec);
  };
  node.onError = (message) => observer.error(id, message);
}
