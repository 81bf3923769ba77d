/**
 * A small JSON reader and writer for SmartModules: values keep their objects'
 * key order, numbers and strings print as JSON.stringify prints them, and parse
 * errors are worded like the JS guest's JSON.parse (SpiderMonkey), so a module
 * gives the same record errors in either language.
 */
export enum JsonKind {
  Null,
  Boolean,
  Number,
  String,
  Array,
  Object,
}

// Scalars share these empty lists: a parsed record has many scalars, and three
// allocations each were most of a parse's time.
const NO_ITEMS: JsonValue[] = [];
const NO_KEYS: string[] = [];

export class JsonValue {
  kind: JsonKind = JsonKind.Null;
  boolean: bool = false;
  number: f64 = 0;
  string: string = "";
  /** An array's items (push to them to add some). */
  items: JsonValue[] = NO_ITEMS;
  /** An object's keys and values, in order (use set() to add a field). */
  keys: string[] = NO_KEYS;
  values: JsonValue[] = NO_ITEMS;

  static null(): JsonValue {
    return new JsonValue();
  }

  static fromBoolean(value: bool): JsonValue {
    const v = new JsonValue();
    v.kind = JsonKind.Boolean;
    v.boolean = value;
    return v;
  }

  static fromNumber(value: f64): JsonValue {
    const v = new JsonValue();
    v.kind = JsonKind.Number;
    v.number = value;
    return v;
  }

  static fromString(value: string): JsonValue {
    const v = new JsonValue();
    v.kind = JsonKind.String;
    v.string = value;
    return v;
  }

  static newArray(): JsonValue {
    const v = new JsonValue();
    v.kind = JsonKind.Array;
    v.items = [];
    return v;
  }

  static newObject(): JsonValue {
    const v = new JsonValue();
    v.kind = JsonKind.Object;
    v.keys = [];
    v.values = [];
    return v;
  }

  /** Parses JSON text; null when it is not JSON (the reason is in `jsonError`). */
  static parse(text: string): JsonValue | null {
    const bytes = String.UTF8.encode(text);
    return parseJson(changetype<usize>(bytes), bytes.byteLength);
  }

  get isNull(): bool {
    return this.kind == JsonKind.Null;
  }
  get isObject(): bool {
    return this.kind == JsonKind.Object;
  }
  get isArray(): bool {
    return this.kind == JsonKind.Array;
  }
  get isNumber(): bool {
    return this.kind == JsonKind.Number;
  }
  get isString(): bool {
    return this.kind == JsonKind.String;
  }

  private indexOf(key: string): i32 {
    // The last duplicate wins, as in JSON.parse.
    for (let i = this.keys.length - 1; i >= 0; i--) if (unchecked(this.keys[i]) == key) return i;
    return -1;
  }

  /** An object's own field, or null when this is not an object or has no such field. */
  get(key: string): JsonValue | null {
    if (this.kind != JsonKind.Object) return null;
    const i = this.indexOf(key);
    return i < 0 ? null : unchecked(this.values[i]);
  }

  has(key: string): bool {
    return this.kind == JsonKind.Object && this.indexOf(key) >= 0;
  }

  /** Sets an object's field, keeping its place when it exists; on anything but an object it does nothing, as in JavaScript. */
  set(key: string, value: JsonValue): void {
    if (this.kind != JsonKind.Object) return;
    const i = this.indexOf(key);
    if (i >= 0) this.values[i] = value;
    else {
      this.keys.push(key);
      this.values.push(value);
    }
  }

  /** Follows a dotted path of object fields ("user.country"); null when any step is missing. */
  path(dotted: string): JsonValue | null {
    const parts = dotted.split(".");
    let node = this.get(unchecked(parts[0]));
    for (let i = 1; i < parts.length && node !== null; i++) node = node.get(unchecked(parts[i]));
    return node;
  }

  /** The value as JavaScript's String(value) gives it. */
  text(): string {
    switch (this.kind) {
      case JsonKind.Null:
        return "null";
      case JsonKind.Boolean:
        return this.boolean ? "true" : "false";
      case JsonKind.Number:
        return numberText(this.number);
      case JsonKind.String:
        return this.string;
      case JsonKind.Array: {
        const parts = new Array<string>(this.items.length);
        for (let i = 0; i < this.items.length; i++) {
          const item = unchecked(this.items[i]);
          parts[i] = item.kind == JsonKind.Null ? "" : item.text();
        }
        return parts.join(",");
      }
      default:
        return "[object Object]";
    }
  }

  /** The value as JSON.stringify writes it. */
  stringify(): string {
    const out = new Array<string>();
    write(this, out);
    return out.join("");
  }
}

/** Why the last parse failed, as JSON.parse's SyntaxError reads in the JS guest. */
export let jsonError: string = "";

/** Formats a number as JavaScript does (no ".0" on integers; NaN and infinities are null in JSON). */
export function numberText(n: f64): string {
  if (!isFinite(n)) return isNaN(n) ? "NaN" : n > 0 ? "Infinity" : "-Infinity";
  if (n == Math.floor(n) && Math.abs(n) < 1e21) return n == 0 ? "0" : (<i64>n).toString();
  return n.toString();
}

function write(v: JsonValue, out: string[]): void {
  switch (v.kind) {
    case JsonKind.Null:
      out.push("null");
      break;
    case JsonKind.Boolean:
      out.push(v.boolean ? "true" : "false");
      break;
    case JsonKind.Number:
      out.push(isFinite(v.number) ? numberText(v.number) : "null");
      break;
    case JsonKind.String:
      out.push(quote(v.string));
      break;
    case JsonKind.Array:
      out.push("[");
      for (let i = 0; i < v.items.length; i++) {
        if (i > 0) out.push(",");
        write(unchecked(v.items[i]), out);
      }
      out.push("]");
      break;
    default:
      out.push("{");
      for (let i = 0; i < v.keys.length; i++) {
        if (i > 0) out.push(",");
        out.push(quote(unchecked(v.keys[i])));
        out.push(":");
        write(unchecked(v.values[i]), out);
      }
      out.push("}");
  }
}

const HEX = "0123456789abcdef";

/** A JSON string literal, escaped as JSON.stringify escapes. */
export function quote(s: string): string {
  let plain = true;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c < 0x20 || c == 0x22 || c == 0x5c || (c >= 0xd800 && c <= 0xdfff)) {
      plain = false;
      break;
    }
  }
  if (plain) return `"${s}"`;
  const parts = new Array<string>();
  parts.push('"');
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c == 0x22) parts.push('\\"');
    else if (c == 0x5c) parts.push("\\\\");
    else if (c == 0x08) parts.push("\\b");
    else if (c == 0x0c) parts.push("\\f");
    else if (c == 0x0a) parts.push("\\n");
    else if (c == 0x0d) parts.push("\\r");
    else if (c == 0x09) parts.push("\\t");
    else if (c < 0x20) parts.push(`\\u00${HEX.charAt(c >> 4)}${HEX.charAt(c & 15)}`);
    else if (c >= 0xd800 && c <= 0xdbff && i + 1 < s.length && s.charCodeAt(i + 1) >= 0xdc00 && s.charCodeAt(i + 1) <= 0xdfff) {
      parts.push(s.substring(i, i + 2));
      i++;
    } else if (c >= 0xd800 && c <= 0xdfff) parts.push(`\\u${HEX.charAt(c >> 12)}${HEX.charAt((c >> 8) & 15)}${HEX.charAt((c >> 4) & 15)}${HEX.charAt(c & 15)}`);
    else parts.push(String.fromCharCode(c));
  }
  parts.push('"');
  return parts.join("");
}

/** Parses the UTF-8 JSON text at `base`; null (and jsonError) when it is not JSON. */
export function parseJson(base: usize, length: i32): JsonValue | null {
  const parser = new Parser(base, length);
  parser.space();
  const value = parser.value();
  if (value === null) return null;
  parser.space();
  if (parser.at < length) return parser.fail("unexpected non-whitespace character after JSON data");
  return value;
}

class Parser {
  at: i32 = 0;
  constructor(
    private base: usize,
    private length: i32,
  ) {}

  peek(): i32 {
    return this.at < this.length ? <i32>load<u8>(this.base + <usize>this.at) : -1;
  }

  space(): void {
    while (this.at < this.length) {
      const c = load<u8>(this.base + <usize>this.at);
      if (c != 0x20 && c != 0x09 && c != 0x0a && c != 0x0d) break;
      this.at++;
    }
  }

  fail(what: string): JsonValue | null {
    let line = 1;
    let column = 1;
    for (let i = 0; i < this.at; i++) {
      if (load<u8>(this.base + <usize>i) == 0x0a) {
        line++;
        column = 1;
      } else column++;
    }
    jsonError = `SyntaxError: JSON.parse: ${what} at line ${line} column ${column} of the JSON data`;
    return null;
  }

  keyword(word: string, value: JsonValue): JsonValue | null {
    for (let i = 0; i < word.length; i++) {
      if (this.peek() != word.charCodeAt(i)) {
        // Reported where the word starts, as SpiderMonkey does.
        this.at -= i;
        return this.fail("unexpected keyword");
      }
      this.at++;
    }
    return value;
  }

  value(): JsonValue | null {
    const c = this.peek();
    if (c < 0) return this.fail("unexpected end of data");
    if (c == 0x7b) return this.object();
    if (c == 0x5b) return this.array();
    if (c == 0x22) {
      const s = this.string();
      return s === null ? null : JsonValue.fromString(s);
    }
    if (c == 0x74) return this.keyword("true", JsonValue.fromBoolean(true));
    if (c == 0x66) return this.keyword("false", JsonValue.fromBoolean(false));
    if (c == 0x6e) return this.keyword("null", JsonValue.null());
    if (c == 0x2d || (c >= 0x30 && c <= 0x39)) return this.number();
    return this.fail("unexpected character");
  }

  number(): JsonValue | null {
    const start = this.at;
    const negative = this.peek() == 0x2d;
    if (negative) this.at++;
    const first = this.peek();
    if (first < 0x30 || first > 0x39) return this.fail("no number after minus sign");
    let whole: f64 = 0;
    if (first == 0x30) this.at++;
    else
      while (this.peek() >= 0x30 && this.peek() <= 0x39) {
        whole = whole * 10 + <f64>(this.peek() - 0x30);
        this.at++;
      }
    // Integers of up to 15 digits are exact in the loop above; anything else goes through parseFloat.
    const next = this.peek();
    if (next != 0x2e && next != 0x65 && next != 0x45 && this.at - start <= 15) return JsonValue.fromNumber(negative ? -whole : whole);
    if (this.peek() == 0x2e) {
      this.at++;
      if (this.peek() < 0x30 || this.peek() > 0x39) return this.fail("missing digits after decimal point");
      while (this.peek() >= 0x30 && this.peek() <= 0x39) this.at++;
    }
    if (this.peek() == 0x65 || this.peek() == 0x45) {
      this.at++;
      if (this.peek() == 0x2b || this.peek() == 0x2d) this.at++;
      if (this.peek() < 0x30 || this.peek() > 0x39) return this.fail("missing digits after exponent indicator");
      while (this.peek() >= 0x30 && this.peek() <= 0x39) this.at++;
    }
    return JsonValue.fromNumber(parseFloat(String.UTF8.decodeUnsafe(this.base + <usize>start, <usize>(this.at - start))));
  }

  string(): string | null {
    this.at++;
    let start = this.at;
    let parts: string[] | null = null;
    while (true) {
      const c = this.peek();
      if (c < 0) {
        this.fail("unterminated string literal");
        return null;
      }
      if (c == 0x22) break;
      if (c < 0x20) {
        this.fail("bad control character in string literal");
        return null;
      }
      if (c != 0x5c) {
        this.at++;
        continue;
      }
      if (parts === null) parts = new Array<string>();
      parts.push(String.UTF8.decodeUnsafe(this.base + <usize>start, <usize>(this.at - start)));
      this.at++;
      const e = this.peek();
      this.at++;
      if (e == 0x22) parts.push('"');
      else if (e == 0x5c) parts.push("\\");
      else if (e == 0x2f) parts.push("/");
      else if (e == 0x62) parts.push("\b");
      else if (e == 0x66) parts.push("\f");
      else if (e == 0x6e) parts.push("\n");
      else if (e == 0x72) parts.push("\r");
      else if (e == 0x74) parts.push("\t");
      else if (e == 0x75) {
        let code = 0;
        for (let i = 0; i < 4; i++) {
          const h = this.peek();
          const digit = h >= 0x30 && h <= 0x39 ? h - 0x30 : h >= 0x61 && h <= 0x66 ? h - 0x57 : h >= 0x41 && h <= 0x46 ? h - 0x37 : -1;
          if (digit < 0) {
            this.fail("bad Unicode escape");
            return null;
          }
          code = code * 16 + digit;
          this.at++;
        }
        parts.push(String.fromCharCode(code));
      } else {
        this.at--;
        this.fail("bad escaped character");
        return null;
      }
      start = this.at;
    }
    const tail = String.UTF8.decodeUnsafe(this.base + <usize>start, <usize>(this.at - start));
    this.at++;
    if (parts === null) return tail;
    parts.push(tail);
    return parts.join("");
  }

  array(): JsonValue | null {
    this.at++;
    const result = JsonValue.newArray();
    this.space();
    if (this.peek() == 0x5d) {
      this.at++;
      return result;
    }
    while (true) {
      this.space();
      const item = this.value();
      if (item === null) return null;
      result.items.push(item);
      this.space();
      const c = this.peek();
      this.at++;
      if (c == 0x5d) return result;
      if (c < 0) {
        this.at--;
        return this.fail("end of data when ',' or ']' was expected");
      }
      if (c != 0x2c) {
        this.at--;
        return this.fail("expected ',' or ']' after array element");
      }
    }
  }

  object(): JsonValue | null {
    this.at++;
    const result = JsonValue.newObject();
    this.space();
    if (this.peek() == 0x7d) {
      this.at++;
      return result;
    }
    while (true) {
      this.space();
      if (this.peek() != 0x22) return this.peek() < 0 ? this.fail("end of data while reading object contents") : this.fail("expected double-quoted property name");
      const key = this.string();
      if (key === null) return null;
      this.space();
      if (this.peek() != 0x3a) return this.fail("expected ':' after property name in object");
      this.at++;
      this.space();
      const value = this.value();
      if (value === null) return null;
      result.set(key, value);
      this.space();
      const c = this.peek();
      this.at++;
      if (c == 0x7d) return result;
      if (c < 0) {
        this.at--;
        return this.fail("end of data after property value in object");
      }
      if (c != 0x2c) {
        this.at--;
        return this.fail("expected ',' or '}' after property value in object");
      }
    }
  }
}
