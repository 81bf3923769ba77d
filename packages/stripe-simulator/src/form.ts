/** A decoded form body: Stripe's bracket notation (`metadata[plan]=pro`, `expand[0]=lines`) turned back into nesting. */
export type FormValue = string | FormValue[] | { [key: string]: FormValue };
export type FormObject = { [key: string]: FormValue };

/** Splits `a[b][0]` into `["a", "b", "0"]`; a key without brackets is its own single segment. */
function segments(key: string): string[] {
  const open = key.indexOf("[");
  if (open <= 0) return [key];
  const rest = [...key.slice(open).matchAll(/\[([^\]]*)\]/g)].map((match) => match[1] ?? "");
  return [key.slice(0, open), ...rest];
}

/** Objects whose keys are all array indices came from arrays (the SDK sends `a[0]=x&a[1]=y`). */
function arraysRestored(value: FormValue): FormValue {
  if (typeof value === "string") return value;
  if (Array.isArray(value)) return value.map(arraysRestored);
  const entries = Object.entries(value).map(([key, inner]) => [key, arraysRestored(inner)] as const);
  if (entries.length > 0 && entries.every(([key]) => /^\d+$/.test(key))) {
    return entries.sort(([a], [b]) => Number(a) - Number(b)).map(([, inner]) => inner);
  }
  return Object.fromEntries(entries);
}

export function parseForm(body: string): FormObject {
  const root: FormObject = {};
  for (const [key, value] of new URLSearchParams(body)) {
    const path = segments(key);
    let node: FormObject = root;
    path.forEach((segment, index) => {
      // `expand[]=x` appends: give it the next free index so arraysRestored sees an index key.
      const name = segment === "" ? String(Object.keys(node).length) : segment;
      if (index === path.length - 1) {
        node[name] = value;
        return;
      }
      const next = node[name];
      if (typeof next === "object" && !Array.isArray(next)) node = next;
      else node = node[name] = {};
    });
  }
  return arraysRestored(root) as FormObject;
}
