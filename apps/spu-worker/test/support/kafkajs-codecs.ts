import { codecFor } from "@freshet/protocol/compression/codecs";
import { CompressionCodecs, CompressionTypes } from "kafkajs";

/** kafkajs ships only gzip; snappy, lz4 and zstd are registered from our own codecs. */
export function registerKafkajsCodecs(): void {
  const register = (type: CompressionTypes.Snappy | CompressionTypes.LZ4 | CompressionTypes.ZSTD, name: "snappy" | "lz4" | "zstd") => {
    const found = codecFor(name);
    if (!found.ok) throw found.error;
    const codec = found.value;
    CompressionCodecs[type] = () => ({
      compress: async (encoder: { buffer: Buffer }) => Buffer.from(await codec.compress(encoder.buffer)),
      decompress: async (buffer: Buffer) => Buffer.from(await codec.decompress(buffer)),
    });
  };
  register(CompressionTypes.Snappy, "snappy");
  register(CompressionTypes.LZ4, "lz4");
  register(CompressionTypes.ZSTD, "zstd");
}
