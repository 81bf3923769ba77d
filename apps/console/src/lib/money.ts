/** Integer minor units as people read them: "$1,234.05", "-$7.50"; other currencies by code. */
export function formatMoney(minor: number, currency = "usd"): string {
  const sign = minor < 0 ? "-" : "";
  const cents = Math.abs(minor);
  const amount = `${Math.floor(cents / 100).toLocaleString("en-US")}.${String(cents % 100).padStart(2, "0")}`;
  return currency.toLowerCase() === "usd" ? `${sign}$${amount}` : `${sign}${amount} ${currency.toUpperCase()}`;
}

/**
 * Dollars typed into a form ("250", "1,200.50") as cents; empty means "none". Null with a sentence
 * when it is not an amount, so the form can say what is wrong without asking the API.
 */
export function parseDollars(text: string): { ok: true; minor: number | null } | { ok: false; message: string } {
  const trimmed = text.trim().replace(/,/g, "").replace(/^\$/, "");
  if (trimmed === "") return { ok: true, minor: null };
  if (!/^\d+(\.\d{1,2})?$/.test(trimmed)) return { ok: false, message: "Type an amount in dollars, such as 250 or 99.50." };
  const minor = Math.round(Number(trimmed) * 100);
  if (minor <= 0) return { ok: false, message: "Type an amount above zero, or leave it empty for none." };
  return { ok: true, minor };
}
