/**
 * Integer minor units as people read them: "$1,234.05", "-$7.50". Currencies other than USD print
 * their code ("12.00 EUR"); every currency Freshet bills in has two decimal places.
 */
export function formatMoney(minor: number, currency = "usd"): string {
  const sign = minor < 0 ? "-" : "";
  const cents = Math.abs(minor);
  const whole = Math.floor(cents / 100).toLocaleString("en-US");
  const amount = `${whole}.${String(cents % 100).padStart(2, "0")}`;
  return currency.toLowerCase() === "usd" ? `${sign}$${amount}` : `${sign}${amount} ${currency.toUpperCase()}`;
}
