// better-auth calls Object.groupBy, which Node gained in 21. Loaded with `node --import` before
// anything else (and from the vitest setup), so Node 20 runs the same code.
declare global {
  interface ObjectConstructor {
    groupBy<K extends PropertyKey, T>(items: Iterable<T>, keyOf: (item: T, index: number) => K): Partial<Record<K, T[]>>;
  }
}

if (typeof Object.groupBy !== "function") {
  Object.defineProperty(Object, "groupBy", {
    configurable: true,
    writable: true,
    value<K extends PropertyKey, T>(items: Iterable<T>, keyOf: (item: T, index: number) => K): Partial<Record<K, T[]>> {
      const groups = Object.create(null) as Partial<Record<K, T[]>>;
      let index = 0;
      for (const item of items) {
        const key = keyOf(item, index++);
        (groups[key] ??= []).push(item);
      }
      return groups;
    },
  });
}

export {};
