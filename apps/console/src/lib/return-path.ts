/**
 * Where to send the browser after signing in: the page that asked for it, carried as ?next=.
 * Only a path on this origin is followed ("/x", never "//host" or "https://…"), so a crafted
 * link cannot bounce a person to another site after they typed their password.
 */
export function returnPath(search: string, fallback: string): string {
  const next = new URLSearchParams(search).get("next");
  return next !== null && next.startsWith("/") && !next.startsWith("//") && !next.startsWith("/\\") ? next : fallback;
}

/** `path` carrying the same ?next= as `search` (between sign-in and sign-up), when there is one to follow. */
export function keepingReturnPath(path: string, search: string): string {
  const next = returnPath(search, "");
  return next === "" ? path : `${path}?next=${encodeURIComponent(next)}`;
}

/** The sign-in page's address that comes back to `location` afterwards. */
export function signInReturningTo(location: { pathname: string; search: string }): string {
  return `/sign-in?next=${encodeURIComponent(location.pathname + location.search)}`;
}
