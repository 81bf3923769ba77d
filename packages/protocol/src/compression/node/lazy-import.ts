/**
 * Loads a codec's package on first use, once. The native and wasm codecs cost the
 * process about 11 MiB when loaded, and most brokers never see a compressed batch.
 */
export function lazyImport<T>(load: () => Promise<T>): () => Promise<T> {
  let loading: Promise<T> | undefined;
  return () => (loading ??= load());
}
