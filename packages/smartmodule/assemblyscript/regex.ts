/**
 * A small backtracking regular expression engine, for modules that match text
 * (AssemblyScript has no RegExp). It reads JavaScript's syntax: literals, `.`,
 * classes (`[a-z]`, `[^...]`, `\d \w \s` and their negations), anchors `^ $ \b \B`,
 * groups `( )` and `(?: )`, `|`, and the quantifiers `* + ? {n} {n,} {n,m}`, greedy
 * or lazy; flags i, m and s (g, y, u, d are accepted and change nothing for test).
 * It matches on UTF-16 code units, as JavaScript does without the u flag; case
 * folding is ASCII only. Syntax errors are worded as the JS guest's engine words them.
 */

/** Why the last Regex.compile failed (a SyntaxError in the JS guest), worded as the JS guest words it. */
export let regexError: string = "";

const OP_CHAR = 0;
const OP_ANY = 1;
const OP_CLASS = 2;
const OP_BOL = 3;
const OP_EOL = 4;
const OP_WORD_BOUNDARY = 5;
const OP_NOT_WORD_BOUNDARY = 6;
const OP_SPLIT = 7;
const OP_JMP = 8;
const OP_MATCH = 9;

const UNBOUNDED: i32 = -1;

/** A character class: ranges, plus \d \w \s (negated or not) kept as kinds. */
class CharClass {
  ranges: i32[] = [];
  /** 'd', 'w', 's', 'D', 'W', 'S' */
  builtins: i32[] = [];
  negated: bool = false;

  has(c: i32, ignoreCase: bool): bool {
    const found = this.hasExact(c) || (ignoreCase && (this.hasExact(lower(c)) || this.hasExact(upper(c))));
    return found != this.negated;
  }

  private hasExact(c: i32): bool {
    for (let i = 0; i < this.ranges.length; i += 2) if (c >= unchecked(this.ranges[i]) && c <= unchecked(this.ranges[i + 1])) return true;
    for (let i = 0; i < this.builtins.length; i++) if (builtin(unchecked(this.builtins[i]), c)) return true;
    return false;
  }
}

function lower(c: i32): i32 {
  return c >= 0x41 && c <= 0x5a ? c + 32 : c;
}

function upper(c: i32): i32 {
  return c >= 0x61 && c <= 0x7a ? c - 32 : c;
}

function isWord(c: i32): bool {
  return (c >= 0x30 && c <= 0x39) || (c >= 0x41 && c <= 0x5a) || (c >= 0x61 && c <= 0x7a) || c == 0x5f;
}

function isSpace(c: i32): bool {
  return c == 0x20 || (c >= 0x09 && c <= 0x0d) || c == 0xa0 || c == 0x1680 || (c >= 0x2000 && c <= 0x200a) || c == 0x2028 || c == 0x2029 || c == 0x202f || c == 0x205f || c == 0x3000 || c == 0xfeff;
}

function builtin(kind: i32, c: i32): bool {
  if (kind == 0x64) return c >= 0x30 && c <= 0x39;
  if (kind == 0x44) return !(c >= 0x30 && c <= 0x39);
  if (kind == 0x77) return isWord(c);
  if (kind == 0x57) return !isWord(c);
  if (kind == 0x73) return isSpace(c);
  return !isSpace(c);
}

function isLineTerminator(c: i32): bool {
  return c == 0x0a || c == 0x0d || c == 0x2028 || c == 0x2029;
}

/** A parsed pattern piece: an atom (one instruction), a group of alternatives, or a repetition. */
class Piece {
  op: i32 = OP_CHAR;
  arg: i32 = 0;
  alternatives: Piece[][] = [];
  isGroup: bool = false;
  repeated: Piece | null = null;
  min: i32 = 1;
  max: i32 = 1;
  greedy: bool = true;
}

class Parser {
  at: i32 = 0;
  error: string | null = null;
  classes: CharClass[] = [];

  constructor(private source: string) {}

  fail(message: string): void {
    if (this.error === null) this.error = message;
  }

  more(): bool {
    return this.at < this.source.length;
  }

  peek(): i32 {
    return this.more() ? this.source.charCodeAt(this.at) : -1;
  }

  alternatives(): Piece[][] {
    const alternatives = new Array<Piece[]>();
    alternatives.push(this.sequence());
    while (this.error === null && this.peek() == 0x7c) {
      this.at++;
      alternatives.push(this.sequence());
    }
    return alternatives;
  }

  sequence(): Piece[] {
    const pieces = new Array<Piece>();
    while (this.error === null && this.more() && this.peek() != 0x7c && this.peek() != 0x29) {
      const c = this.peek();
      if (c == 0x2a || c == 0x2b || c == 0x3f) {
        this.fail("nothing to repeat");
        break;
      }
      const atom = this.atom();
      if (this.error !== null) break;
      pieces.push(this.quantified(atom));
    }
    return pieces;
  }

  atom(): Piece {
    const piece = new Piece();
    const c = this.peek();
    this.at++;
    if (c == 0x28) {
      if (this.source.startsWith("?:", this.at)) this.at += 2;
      else if (this.peek() == 0x3f) {
        this.fail("invalid group");
        return piece;
      }
      piece.isGroup = true;
      piece.alternatives = this.alternatives();
      if (this.peek() != 0x29) this.fail("unterminated parenthetical");
      this.at++;
    } else if (c == 0x5b) {
      piece.op = OP_CLASS;
      piece.arg = this.classes.length;
      this.classes.push(this.charClass());
    } else if (c == 0x2e) piece.op = OP_ANY;
    else if (c == 0x5e) piece.op = OP_BOL;
    else if (c == 0x24) piece.op = OP_EOL;
    else if (c == 0x5c) return this.escape(false);
    else piece.arg = c;
    return piece;
  }

  /** An escape after the backslash; inside a class \b is a backspace. */
  escape(inClass: bool): Piece {
    const piece = new Piece();
    if (!this.more()) {
      this.fail("\\ at end of pattern");
      return piece;
    }
    const c = this.peek();
    this.at++;
    if (c == 0x64 || c == 0x44 || c == 0x77 || c == 0x57 || c == 0x73 || c == 0x53) {
      const set = new CharClass();
      set.builtins.push(c);
      piece.op = OP_CLASS;
      piece.arg = this.classes.length;
      this.classes.push(set);
    } else if (c == 0x62 && !inClass) piece.op = OP_WORD_BOUNDARY;
    else if (c == 0x62) piece.arg = 0x08;
    else if (c == 0x42 && !inClass) piece.op = OP_NOT_WORD_BOUNDARY;
    else if (c == 0x6e) piece.arg = 0x0a;
    else if (c == 0x72) piece.arg = 0x0d;
    else if (c == 0x74) piece.arg = 0x09;
    else if (c == 0x66) piece.arg = 0x0c;
    else if (c == 0x76) piece.arg = 0x0b;
    else if (c == 0x30) piece.arg = 0;
    else if (c == 0x78 || c == 0x75) piece.arg = this.hex(c == 0x78 ? 2 : 4, c);
    else piece.arg = c;
    return piece;
  }

  hex(digits: i32, letter: i32): i32 {
    let value = 0;
    for (let i = 0; i < digits; i++) {
      const h = this.peek();
      const d = h >= 0x30 && h <= 0x39 ? h - 0x30 : h >= 0x61 && h <= 0x66 ? h - 0x57 : h >= 0x41 && h <= 0x46 ? h - 0x37 : -1;
      if (d < 0) {
        // As in JavaScript without the u flag, an incomplete escape is the letter itself.
        this.at -= i;
        return letter;
      }
      value = value * 16 + d;
      this.at++;
    }
    return value;
  }

  charClass(): CharClass {
    const set = new CharClass();
    if (this.peek() == 0x5e) {
      set.negated = true;
      this.at++;
    }
    while (this.error === null) {
      if (!this.more()) {
        this.fail("unterminated character class");
        break;
      }
      let c = this.peek();
      this.at++;
      if (c == 0x5d) break;
      if (c == 0x5c) {
        const escaped = this.escape(true);
        if (escaped.op == OP_CLASS) {
          const inner = unchecked(this.classes[escaped.arg]);
          set.builtins.push(unchecked(inner.builtins[0]));
          continue;
        }
        c = escaped.arg;
      }
      let high = c;
      if (this.peek() == 0x2d && this.at + 1 < this.source.length && this.source.charCodeAt(this.at + 1) != 0x5d) {
        this.at++;
        high = this.peek();
        this.at++;
        if (high == 0x5c) high = this.escape(true).arg;
        if (high < c) {
          this.fail("invalid range in character class");
          break;
        }
      }
      set.ranges.push(c);
      set.ranges.push(high);
    }
    return set;
  }

  quantified(atom: Piece): Piece {
    let min = 1;
    let max = 1;
    const c = this.peek();
    if (c == 0x2a) {
      min = 0;
      max = UNBOUNDED;
    } else if (c == 0x2b) max = UNBOUNDED;
    else if (c == 0x3f) min = 0;
    else if (c == 0x7b) {
      const close = this.source.indexOf("}", this.at);
      const body = close < 0 ? "" : this.source.substring(this.at + 1, close);
      const comma = body.indexOf(",");
      const low = comma < 0 ? body : body.substring(0, comma);
      const high = comma < 0 ? body : body.substring(comma + 1);
      // Not a valid {n,m}: a literal brace, as JavaScript reads it without the u flag.
      if (!digits(low) || (high != "" && !digits(high))) return atom;
      min = I32.parseInt(low);
      max = high == "" ? UNBOUNDED : I32.parseInt(high);
      if (max != UNBOUNDED && max < min) {
        this.fail("numbers out of order in {} quantifier");
        return atom;
      }
      this.at = close;
    } else return atom;
    this.at++;
    if (atom.op == OP_BOL || atom.op == OP_EOL || atom.op == OP_WORD_BOUNDARY || atom.op == OP_NOT_WORD_BOUNDARY) {
      if (!atom.isGroup) {
        this.fail("nothing to repeat");
        return atom;
      }
    }
    const piece = new Piece();
    piece.repeated = atom;
    piece.min = min;
    piece.max = max;
    if (this.peek() == 0x3f) {
      piece.greedy = false;
      this.at++;
    }
    return piece;
  }
}

function digits(text: string): bool {
  if (text.length == 0) return false;
  for (let i = 0; i < text.length; i++) if (text.charCodeAt(i) < 0x30 || text.charCodeAt(i) > 0x39) return false;
  return true;
}

/** A compiled pattern: instructions for the backtracking machine. */
export class Regex {
  ops: i32[] = [];
  args: i32[] = [];
  alts: i32[] = [];
  classes: CharClass[] = [];
  ignoreCase: bool = false;
  multiline: bool = false;
  dotAll: bool = false;
  /** Backtracking state: (instruction, position) pairs. */
  private stack: i32[] = [];

  /** Compiles `source` with `flags`; null (and regexError) when the pattern or flags are invalid. */
  static compile(source: string, flags: string = ""): Regex | null {
    const regex = new Regex();
    for (let i = 0; i < flags.length; i++) {
      const f = flags.charAt(i);
      if (flags.indexOf(f) != i || "dgimsuyv".indexOf(f) < 0) {
        regexError = `invalid regular expression flag ${f}`;
        return null;
      }
    }
    regex.ignoreCase = flags.includes("i");
    regex.multiline = flags.includes("m");
    regex.dotAll = flags.includes("s");
    const parser = new Parser(source);
    const alternatives = parser.alternatives();
    if (parser.error === null && parser.more()) parser.fail("unmatched ) in regular expression");
    const error = parser.error;
    if (error !== null) {
      regexError = error;
      return null;
    }
    regex.classes = parser.classes;
    regex.emitAlternatives(alternatives);
    regex.emit(OP_MATCH, 0, 0);
    return regex;
  }

  private emit(op: i32, arg: i32, alt: i32): i32 {
    this.ops.push(op);
    this.args.push(arg);
    this.alts.push(alt);
    return this.ops.length - 1;
  }

  private emitAlternatives(alternatives: Piece[][]): void {
    const jumps = new Array<i32>();
    for (let i = 0; i < alternatives.length; i++) {
      const last = i == alternatives.length - 1;
      const split = last ? -1 : this.emit(OP_SPLIT, 0, 0);
      if (split >= 0) this.args[split] = split + 1;
      this.emitSequence(unchecked(alternatives[i]));
      if (!last) {
        jumps.push(this.emit(OP_JMP, 0, 0));
        this.alts[split] = this.ops.length;
      }
    }
    for (let i = 0; i < jumps.length; i++) this.args[unchecked(jumps[i])] = this.ops.length;
  }

  private emitSequence(pieces: Piece[]): void {
    for (let i = 0; i < pieces.length; i++) this.emitPiece(unchecked(pieces[i]));
  }

  private emitPiece(piece: Piece): void {
    const repeated = piece.repeated;
    if (repeated !== null) {
      for (let i = 0; i < piece.min; i++) this.emitPiece(repeated);
      if (piece.max == UNBOUNDED) {
        const split = this.emit(OP_SPLIT, 0, 0);
        this.emitPiece(repeated);
        this.emit(OP_JMP, split, 0);
        this.preferring(split, split + 1, this.ops.length, piece.greedy);
      } else {
        const splits = new Array<i32>();
        for (let i = piece.min; i < piece.max; i++) {
          splits.push(this.emit(OP_SPLIT, 0, 0));
          this.emitPiece(repeated);
        }
        for (let i = 0; i < splits.length; i++) this.preferring(unchecked(splits[i]), unchecked(splits[i]) + 1, this.ops.length, piece.greedy);
      }
    } else if (piece.isGroup) this.emitAlternatives(piece.alternatives);
    else this.emit(piece.op, piece.arg, 0);
  }

  /** Points a split at `more` (one more repetition) and `done`, tried in the quantifier's order. */
  private preferring(split: i32, more: i32, done: i32, greedy: bool): void {
    this.args[split] = greedy ? more : done;
    this.alts[split] = greedy ? done : more;
  }

  /** Whether the pattern matches anywhere in `text`. */
  test(text: string): bool {
    for (let start = 0; start <= text.length; start++) if (this.matchAt(text, start)) return true;
    return false;
  }

  private matchAt(text: string, start: i32): bool {
    const stack = this.stack;
    stack.length = 0;
    stack.push(0);
    stack.push(start);
    const n = text.length;
    while (stack.length > 0) {
      let sp = stack.pop();
      let pc = stack.pop();
      while (true) {
        const op = unchecked(this.ops[pc]);
        if (op == OP_MATCH) return true;
        if (op == OP_SPLIT) {
          stack.push(unchecked(this.alts[pc]));
          stack.push(sp);
          pc = unchecked(this.args[pc]);
          continue;
        }
        if (op == OP_JMP) {
          pc = unchecked(this.args[pc]);
          continue;
        }
        if (op == OP_BOL) {
          if (sp == 0 || (this.multiline && isLineTerminator(text.charCodeAt(sp - 1)))) {
            pc++;
            continue;
          }
          break;
        }
        if (op == OP_EOL) {
          if (sp == n || (this.multiline && isLineTerminator(text.charCodeAt(sp)))) {
            pc++;
            continue;
          }
          break;
        }
        if (op == OP_WORD_BOUNDARY || op == OP_NOT_WORD_BOUNDARY) {
          const boundary = (sp > 0 && isWord(text.charCodeAt(sp - 1))) != (sp < n && isWord(text.charCodeAt(sp)));
          if (boundary == (op == OP_WORD_BOUNDARY)) {
            pc++;
            continue;
          }
          break;
        }
        if (sp >= n) break;
        const c = text.charCodeAt(sp);
        const arg = unchecked(this.args[pc]);
        const ok = op == OP_CHAR ? c == arg || (this.ignoreCase && lower(c) == lower(arg)) : op == OP_ANY ? this.dotAll || !isLineTerminator(c) : unchecked(this.classes[arg]).has(c, this.ignoreCase);
        if (!ok) break;
        pc++;
        sp++;
      }
    }
    return false;
  }
}
