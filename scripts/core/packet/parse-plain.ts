/**
 * A fast reader for the plain block YAML that packets are written in: `key: value` mappings,
 * `- ` sequences, one-line quoted or plain scalars, `>-`/`|` block scalars with even indentation,
 * and comments. It builds exactly what `parsePacketText` would (the same data, offsets and number
 * sources) or gives up and returns undefined at the first thing outside that subset: a tab, a
 * CR, a directive, a flow collection, a tag, an anchor, an alias, an escape, a multi-line plain
 * or quoted scalar, an empty value, a duplicate key. The full YAML parser then reads the file,
 * so a file is never judged by this reader alone on anything unusual. A differential test keeps
 * the two in agreement.
 */
import type { ParsedText, Position } from './parse.js';

const INT = /^[-+]?[0-9]+$/;
const FLOAT = /^[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)(?:[eE][-+]?[0-9]+)?$/;
/** Characters that start something other than a plain scalar, or that this reader leaves alone. */
const NOT_PLAIN_START = /^[-?:,[\]{}#&*!|>'"%@`]/;
/** Keys and plain values that start with a letter yet resolve to null or a boolean. */
const NOT_TEXT_WORDS = new Set([
  'null',
  'Null',
  'NULL',
  'true',
  'True',
  'TRUE',
  'false',
  'False',
  'FALSE',
]);
/** Deeper files go to the full parser, which owns the depth limit and its message. */
const MAX_DEPTH = 12;

interface Line {
  indent: number;
  /** Offset of the first character after the indent. */
  start: number;
  content: string;
}

class GiveUp extends Error {}

/** Reads a packet in the plain subset, or returns undefined for the full parser to read it. */
export function parsePlainPacket(text: string): ParsedText | undefined {
  // Tabs, CRs and the whitespace YAML and JavaScript disagree on (NBSP, line and paragraph
  // separators, NEL, a stray BOM) all go to the full parser.
  if (/[\t\r\u0085\u00a0\u2028\u2029\ufeff]/.test(text)) return undefined;
  try {
    return new PlainReader(text).read();
  } catch (error) {
    if (error instanceof GiveUp) return undefined;
    throw error;
  }
}

class PlainReader {
  private readonly lines: Line[] = [];
  private readonly lineStarts: number[] = [0];
  private index = 0;
  private readonly nodes = new NodeTable();
  private readonly numberSources = new Map<string, string>();

  constructor(private readonly text: string) {
    let offset = 0;
    while (offset <= text.length) {
      const end = lineEnd(text, offset);
      let indent = 0;
      while (text.charCodeAt(offset + indent) === SPACE) indent++;
      const start = offset + indent;
      // Only spaces indent YAML; any other leading white space is the full parser's to judge.
      if (start < end && isOtherWhiteSpace(text.charCodeAt(start))) throw new GiveUp();
      if (start < end && text.charCodeAt(start) !== HASH) {
        this.lines.push({ indent, start, content: text.slice(start, end) });
      }
      offset = end + 1;
      this.lineStarts.push(offset);
    }
  }

  read(): ParsedText {
    const first = this.lines[0];
    if (first === undefined || first.indent !== 0) throw new GiveUp();
    if (first.content.startsWith('%') || first.content.startsWith('---')) throw new GiveUp();

    const data = this.block(0, ROOT, 0);
    if (this.index < this.lines.length) throw new GiveUp();
    const starts = this.lineStarts;
    return {
      data,
      valueOffsets: new NodeOffsets(this.nodes, this.nodes.valueOffset),
      keyOffsets: new NodeOffsets(this.nodes, this.nodes.keyOffset),
      numberSources: this.numberSources,
      problems: [],
      position: (offset: number) => positionIn(starts, offset),
    };
  }

  /** A mapping or a sequence whose lines start at `indent`. */
  private block(indent: number, node: number, depth: number): unknown {
    if (depth > MAX_DEPTH) throw new GiveUp();
    const line = this.lines[this.index];
    if (line === undefined || line.indent !== indent) throw new GiveUp();
    this.nodes.valueOffset[node] = line.start;
    return isSequenceItem(line.content) || line.content === '-'
      ? this.sequence(indent, node, depth)
      : this.mapping(indent, node, depth, undefined);
  }

  /**
   * Map entries at `indent`. `inline` is the first entry's text when the mapping starts on a
   * `- ` line (its key sits at `indent`, after the dash).
   */
  private mapping(indent: number, node: number, depth: number, inline?: Line): unknown {
    // A null-prototype object keeps `__proto__` and `constructor` keys as plain data.
    const object = Object.create(null) as Record<string, unknown>;
    let line: Line | undefined = inline ?? this.lines[this.index];
    while (line !== undefined && line.indent === indent) {
      const entry = keyLine(line.content);
      if (!entry) throw new GiveUp();
      const { key } = entry;
      // A key that resolves to null, a boolean or a number is left to the full parser.
      if (Object.hasOwn(object, key) || !isTextKey(key)) {
        throw new GiveUp();
      }
      // Keys cannot hold `~` (see keyLine); `/` is escaped as JSON Pointer requires.
      const child = this.nodes.add(node, key.includes('/') ? key.replaceAll('/', '~1') : key);
      this.nodes.keyOffset[child] = line.start;
      this.index++;
      object[key] = this.value(entry.rest, line, indent, child, depth);
      line = this.lines[this.index];
    }
    if (line !== undefined && line.indent > indent) throw new GiveUp();
    return object;
  }

  private sequence(indent: number, node: number, depth: number): unknown[] {
    const items: unknown[] = [];
    let line = this.lines[this.index];
    while (line !== undefined && line.indent === indent && isSequenceItem(line.content)) {
      const rest = line.content.slice(skipSpaces(line.content, 1));
      const restStart = line.start + line.content.length - rest.length;
      const child = this.nodes.add(node, String(items.length));
      if (keyLine(rest)) {
        // "- key: value" starts a mapping whose keys line up after the dash.
        const inline = {
          indent: restStart - this.lineStartOf(line),
          start: restStart,
          content: rest,
        };
        this.nodes.valueOffset[child] = restStart;
        items.push(this.mapping(inline.indent, child, depth + 1, inline));
      } else {
        this.index++;
        items.push(this.scalar(rest, restStart, child));
      }
      line = this.lines[this.index];
    }
    if (line !== undefined && line.indent > indent) throw new GiveUp();
    return items;
  }

  /** The value after `key:`: a nested block, a block scalar, or a one-line scalar. */
  private value(
    rest: string | undefined,
    line: Line,
    indent: number,
    node: number,
    depth: number,
  ): unknown {
    if (rest === undefined || rest === '' || rest.startsWith('#')) {
      const next = this.lines[this.index];
      // A sequence may sit at its key's own indent; anything else must be deeper.
      const nested =
        next !== undefined &&
        (next.indent > indent || (next.indent === indent && isSequenceItem(next.content)));
      if (!nested) throw new GiveUp();
      return this.block(next.indent, node, depth + 1);
    }
    const start = line.start + line.content.length - rest.length;
    const first = rest.charCodeAt(0);
    if ((first === PIPE || first === GREATER) && /^[|>]-?(?: +#.*)?$/.test(rest)) {
      return this.blockScalar(rest, start, this.nextLineStart(line), indent, node);
    }
    return this.scalar(rest, start, node);
  }

  /**
   * `>-`, `>`, `|-` or `|` followed by lines all at one indent deeper than the key, with no
   * blank or comment line among or right after them (their meaning depends on rules this reader
   * does not implement).
   */
  private blockScalar(
    header: string,
    start: number,
    firstLineStart: number,
    indent: number,
    node: number,
  ): string {
    const lines: string[] = [];
    let contentIndent: number | undefined;
    let expected = firstLineStart;
    for (let line = this.lines[this.index]; line !== undefined && line.indent > indent;) {
      contentIndent ??= line.indent;
      const adjacent = this.lineStartOf(line) === expected;
      if (line.indent !== contentIndent || !adjacent || /\s$/.test(line.content)) {
        throw new GiveUp();
      }
      lines.push(line.content);
      expected = this.nextLineStart(line);
      this.index++;
      line = this.lines[this.index];
    }
    const next = this.lines[this.index];
    const endsCleanly =
      expected >= this.text.length || (next !== undefined && this.lineStartOf(next) === expected);
    if (lines.length === 0 || !endsCleanly) throw new GiveUp();

    this.nodes.valueOffset[node] = start;
    const body = lines.join(header.startsWith('>') ? ' ' : '\n');
    return header[1] === '-' ? body : `${body}\n`;
  }

  /** A one-line quoted or plain scalar, resolved with the YAML 1.2 core schema. */
  private scalar(raw: string, start: number, node: number): unknown {
    this.nodes.valueOffset[node] = start;
    if (raw.startsWith("'")) return quoted(raw, "'");
    if (raw.startsWith('"')) return quoted(raw, '"');
    if (NOT_PLAIN_START.test(raw) && !/^-[0-9]/.test(raw)) throw new GiveUp();

    const comment = raw.indexOf(' #');
    const value = (comment < 0 ? raw : raw.slice(0, comment)).trimEnd();
    if (value.includes(': ') || value.endsWith(':') || value.includes('#')) throw new GiveUp();
    return this.resolvePlain(value, node);
  }

  private resolvePlain(value: string, node: number): unknown {
    // Only null, booleans, numbers and the special floats resolve to other than text, and none
    // starts with a letter outside n, t and f: most values are settled by their first character.
    if (startsAsText(value)) return value;
    if (/^(?:~|null|Null|NULL)$/.test(value)) return null;
    if (/^(?:true|True|TRUE)$/.test(value)) return true;
    if (/^(?:false|False|FALSE)$/.test(value)) return false;
    if (INT.test(value) || FLOAT.test(value)) {
      const number = Number(value);
      if (!Number.isFinite(number) || (INT.test(value) && !Number.isSafeInteger(number))) {
        throw new GiveUp();
      }
      this.numberSources.set(this.nodes.pointer(node), value);
      return number;
    }
    // Other core-schema forms (0o17, 0x1F, .inf, .nan) are left to the full parser.
    if (/^[-+]?(?:0o|0x|\.inf|\.Inf|\.INF|\.nan|\.NaN|\.NAN)/.test(value)) throw new GiveUp();
    return value;
  }

  private lineStartOf(line: Line): number {
    return line.start - line.indent;
  }

  private nextLineStart(line: Line): number {
    return line.start + line.content.length + 1;
  }
}

/** A one-line quoted scalar; anything after the closing quote must be a comment. */
function quoted(raw: string, quote: "'" | '"'): string {
  let value = '';
  let from = 1;
  for (;;) {
    const close = raw.indexOf(quote, from);
    if (close < 0) throw new GiveUp();
    value += raw.slice(from, close);
    // In single quotes, '' is one quote; double quotes would need escapes, which this reader
    // leaves to the full parser.
    if (quote === "'" && raw.charCodeAt(close + 1) === QUOTE) {
      value += "'";
      from = close + 2;
      continue;
    }
    if (quote === '"' && value.includes('\\')) throw new GiveUp();
    const after = raw.slice(close + 1);
    if (after !== '' && !/^ +(?:#.*)?$/.test(after)) throw new GiveUp();
    return value;
  }
}

const SPACE = 0x20;
const PIPE = 0x7c;
const GREATER = 0x3e;
const HASH = 0x23;
const QUOTE = 0x27;
const COLON = 0x3a;
const DASH = 0x2d;

/** Offset of the line break ending the line that starts at `offset` (or the text's end). */
function lineEnd(text: string, offset: number): number {
  const end = text.indexOf('\n', offset);
  return end < 0 ? text.length : end;
}

/** White space other than a plain space, which YAML does not take as indentation. */
function isOtherWhiteSpace(code: number): boolean {
  if (code < 0x80) return code >= 0x09 && code <= 0x0d;
  return /\s/.test(String.fromCharCode(code));
}

/** `- ` starts a sequence item. */
function isSequenceItem(content: string): boolean {
  return content.charCodeAt(0) === DASH && content.charCodeAt(1) === SPACE;
}

function skipSpaces(text: string, from: number): number {
  let at = from;
  while (text.charCodeAt(at) === SPACE) at++;
  return at;
}

/**
 * `key:` or `key: value`, the key made of letters, digits and `_./-` (not starting with `.`, `/`
 * or `-`); `rest` is the text after the spaces that follow the colon, undefined after a bare
 * colon. Undefined for anything else (a colon glued to a value, a quoted key, ...).
 */
function keyLine(content: string): { key: string; rest: string | undefined } | undefined {
  let at = 0;
  for (; at < content.length; at++) {
    const code = content.charCodeAt(at);
    if (isWordCode(code)) continue;
    if (at > 0 && (code === 0x2e || code === 0x2f || code === DASH)) continue;
    break;
  }
  if (at === 0 || content.charCodeAt(at) !== COLON) return undefined;
  const key = content.slice(0, at);
  if (at + 1 === content.length) return { key, rest: undefined };
  if (content.charCodeAt(at + 1) !== SPACE) return undefined;
  return { key, rest: content.slice(skipSpaces(content, at + 1)) };
}

/** Letters, digits and `_`. */
function isWordCode(code: number): boolean {
  return (
    (code >= 0x61 && code <= 0x7a) ||
    (code >= 0x41 && code <= 0x5a) ||
    (code >= 0x30 && code <= 0x39) ||
    code === 0x5f
  );
}

/** Whether a key resolves to a string under the core schema (not null, a boolean or a number). */
function isTextKey(key: string): boolean {
  if (NOT_TEXT_WORDS.has(key)) return false;
  const first = key.charCodeAt(0);
  // A key that starts with a letter or `_` can only be a null or a boolean, tested above.
  if (first > 0x39) return true;
  return !(INT.test(key) || FLOAT.test(key) || /^[-+]?(?:0o|0x|\.)/i.test(key));
}

/**
 * Whether a plain value is text by its first character: only null, booleans, numbers and the
 * special floats resolve to anything else, and none starts with a letter outside n, t and f.
 */
function startsAsText(value: string): boolean {
  const code = value.charCodeAt(0) | 0x20;
  return code >= 0x61 && code <= 0x7a && code !== 0x66 && code !== 0x6e && code !== 0x74;
}

/** The document itself, node 0 of every table. */
const ROOT = 0;

/**
 * Every node of the document: its parent and its JSON Pointer token, and the offsets of its
 * value and its key (-1 for none). Pointers are spelled out only when someone asks for offsets
 * by pointer, which a valid packet seldom needs: building them for every node of every file
 * costs a quarter of the reading.
 */
class NodeTable {
  readonly parent: number[] = [-1];
  readonly token: string[] = [''];
  readonly valueOffset: number[] = [-1];
  readonly keyOffset: number[] = [-1];

  add(parent: number, token: string): number {
    this.parent.push(parent);
    this.token.push(token);
    this.valueOffset.push(-1);
    this.keyOffset.push(-1);
    return this.parent.length - 1;
  }

  pointer(node: number): string {
    return node === ROOT ? '' : `${this.pointer(this.parent[node]!)}/${this.token[node]!}`;
  }

  /** The node a pointer names among the top-level keys, without spelling any pointer out. */
  topLevel(pointer: string): number | undefined {
    if (pointer === '') return ROOT;
    if (pointer.indexOf('/', 1) >= 0 || pointer[0] !== '/') return undefined;
    const token = pointer.slice(1);
    for (let node = 1; node < this.parent.length; node++) {
      if (this.parent[node] === ROOT && this.token[node] === token) return node;
    }
    return -1;
  }
}

/**
 * Offsets by JSON Pointer, as the full parser gives them, built on first use. A top-level field
 * (the packet id, looked up for every file) is found without building the map.
 */
class NodeOffsets extends Map<string, number> {
  private built = false;

  constructor(
    private readonly nodes: NodeTable,
    private readonly offsets: readonly number[],
  ) {
    super();
  }

  override get(pointer: string): number | undefined {
    if (!this.built) {
      const node = this.nodes.topLevel(pointer);
      if (node !== undefined) return node < 0 ? undefined : at(this.offsets[node]);
    }
    this.build();
    return super.get(pointer);
  }

  override has(pointer: string): boolean {
    return this.get(pointer) !== undefined;
  }

  override get size(): number {
    this.build();
    return super.size;
  }

  override entries(): MapIterator<[string, number]> {
    this.build();
    return super.entries();
  }

  override keys(): MapIterator<string> {
    this.build();
    return super.keys();
  }

  override values(): MapIterator<number> {
    this.build();
    return super.values();
  }

  override forEach(
    callback: (value: number, key: string, map: Map<string, number>) => void,
    thisArg?: unknown,
  ): void {
    this.build();
    super.forEach(callback, thisArg);
  }

  override [Symbol.iterator](): MapIterator<[string, number]> {
    return this.entries();
  }

  private build(): void {
    if (this.built) return;
    this.built = true;
    // Parents come before their children, so each pointer extends one already spelled out.
    const pointers: string[] = [''];
    for (let node = 0; node < this.offsets.length; node++) {
      if (node > ROOT) {
        pointers[node] = `${pointers[this.nodes.parent[node]!]!}/${this.nodes.token[node]!}`;
      }
      const offset = this.offsets[node]!;
      if (offset >= 0) super.set(pointers[node]!, offset);
    }
  }
}

function at(offset: number | undefined): number | undefined {
  return offset === undefined || offset < 0 ? undefined : offset;
}

/** 1-based line and column of an offset, from the offsets at which lines start. */
function positionIn(starts: readonly number[], offset: number): Position {
  let low = 0;
  let high = starts.length - 1;
  while (low < high) {
    const mid = (low + high + 1) >> 1;
    if ((starts[mid] ?? 0) <= offset) low = mid;
    else high = mid - 1;
  }
  return { line: low + 1, column: offset - (starts[low] ?? 0) + 1 };
}
