import type { ClusterLink, ClusterStateView } from "../cluster-link.js";

/**
 * A controller link that only delivers the states a test pushes; every request to the
 * controller throws, so a test that reaches one learns it depends on more than states.
 */
export function scriptedLink(first: ClusterStateView): { link: ClusterLink; push(state: ClusterStateView): void } {
  const listeners = new Set<(state: ClusterStateView) => void>();
  let current = first;
  const refuse = (): never => {
    throw new Error("not used by this test");
  };
  const link = {
    current: () => current,
    onState: (listener: (state: ClusterStateView) => void) => {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    createTopic: refuse,
    ensureTopic: refuse,
    deleteTopic: refuse,
    addPartitions: refuse,
    alterTopicConfig: refuse,
    alterClientQuotas: refuse,
    alterAcls: refuse,
    allocateProducerIds: refuse,
    alterIsr: refuse,
    smartModules: {} as ClusterLink["smartModules"],
    close: async () => undefined,
  } satisfies ClusterLink;
  return {
    link,
    push(state) {
      current = state;
      for (const listener of listeners) listener(state);
    },
  };
}
