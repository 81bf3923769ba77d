import { err, ok, type Result } from "@freshet/protocol/result";

const UNIT_BYTES: Record<string, number> = {
  b: 1,
  k: 1e3,
  kb: 1e3,
  ki: 2 ** 10,
  kib: 2 ** 10,
  m: 1e6,
  mb: 1e6,
  mi: 2 ** 20,
  mib: 2 ** 20,
  g: 1e9,
  gb: 1e9,
  gi: 2 ** 30,
  gib: 2 ** 30,
  t: 1e12,
  tb: 1e12,
  ti: 2 ** 40,
  tib: 2 ** 40,
};

/** "1GiB" (binary), "1GB" (decimal), "512 MiB", "1048576" (bytes) → bytes. */
export function parseSize(text: string): Result<number, string> {
  const match = /^(\d+(?:\.\d+)?)\s*([a-z]*)$/i.exec(text.trim());
  if (match === null) return err(`"${text}" is not a size like 1GiB, 512MiB or 100MB`);
  const unit = match[2]!.toLowerCase();
  const factor = unit === "" ? 1 : UNIT_BYTES[unit];
  if (factor === undefined) return err(`unknown size unit "${match[2]}" in "${text}" (use B, KB, KiB, MB, MiB, GB, GiB, TB, TiB)`);
  const bytes = Number(match[1]) * factor;
  if (!Number.isInteger(bytes)) return err(`"${text}" is not a whole number of bytes`);
  if (!Number.isSafeInteger(bytes)) return err(`size "${text}" is too large`);
  return ok(bytes);
}

const UNITS = ["B", "KiB", "MiB", "GiB", "TiB"] as const;

export function formatSize(bytes: number): string {
  let value = bytes;
  let unit = 0;
  while (value >= 1024 && unit < UNITS.length - 1) {
    value /= 1024;
    unit++;
  }
  return unit === 0 ? `${bytes} B` : `${value.toFixed(value >= 100 ? 0 : 1)} ${UNITS[unit]}`;
}
