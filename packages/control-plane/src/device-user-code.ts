/*
 * The code of a device login (RFC 8628), shown one way everywhere: the CLI prints it, the
 * console's /device page shows it, and a person compares the two by eye. better-auth makes
 * 8 characters; they are shown as two groups of four, and read back in any case, with or
 * without the dash or spaces.
 */

/** What a person typed or a link carried (abcd-efgh, "ABCD EFGH") as the API takes it: ABCDEFGH. */
export function normalizeUserCode(text: string): string {
  return text.replace(/[\s-]/g, "").toUpperCase();
}

/** ABCDEFGH → ABCD-EFGH; a code of another length is shown as it is. */
export function formatUserCode(text: string): string {
  const code = normalizeUserCode(text);
  return code.length === 8 ? `${code.slice(0, 4)}-${code.slice(4)}` : code;
}
