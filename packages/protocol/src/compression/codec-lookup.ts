import { err, ok, type Result } from "../result.js";
import { COMPRESSION_IDS, CompressionError, type CompressionCodec } from "./codec.js";

/** Finds the codec for an attributes id (0-4) or a name ("gzip"); ids 5-7 and anything else are errors. */
export type CodecLookup = (idOrName: number | string) => Result<CompressionCodec, CompressionError>;

export function createCodecLookup(codecs: readonly CompressionCodec[]): CodecLookup {
  const byId = new Map<number, CompressionCodec>(codecs.map((codec) => [codec.id, codec]));
  const names: Record<string, number> = COMPRESSION_IDS;
  return (idOrName) => {
    const id = typeof idOrName === "number" ? idOrName : Object.hasOwn(names, idOrName) ? names[idOrName] : undefined;
    const codec = id === undefined ? undefined : byId.get(id);
    if (codec === undefined) {
      return err(new CompressionError("unknown-codec", `unknown compression codec ${JSON.stringify(idOrName)}`));
    }
    return ok(codec);
  };
}
