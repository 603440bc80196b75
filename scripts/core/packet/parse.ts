/**
 * Turns packet text into plain JSON data, the position of every node, and the exact source text
 * of every number. YAML is pinned to the 1.2 core schema; anything a packet never needs and a
 * hostile file could use to mean two things (tags, anchors, aliases, other YAML versions, several
 * documents, duplicate keys) is an error here, so the schema and rules only ever see plain data.
 */
import type { Document, Node } from 'yaml';
import type { RuleFinding } from './finding.js';
import { yamlLibrary } from '../libraries.js';
import { parsePlainPacket } from './parse-plain.js';

const yaml = yamlLibrary;

/** Deepest nesting a packet may have; real packets use 4. */
export const MAX_DEPTH = 16;

export interface Position {
  line: number;
  column: number;
}

export interface ParsedText {
  /** The document as plain JSON data; undefined when the text could not be parsed at all. */
  data: unknown;
  /** Offsets of each value and each map key, by JSON Pointer ('' is the document). */
  valueOffsets: ReadonlyMap<string, number>;
  keyOffsets: ReadonlyMap<string, number>;
  /** Source text of each numeric scalar, by JSON Pointer. */
  numberSources: ReadonlyMap<string, string>;
  /** Parse problems, each with the character offset it was found at. */
  problems: (RuleFinding & { offset: number })[];
  /** Maps an offset to a 1-based line and column. */
  position(offset: number): Position;
}

const PARSE_OPTIONS = {
  version: '1.2',
  schema: 'core',
  merge: false,
  strict: true,
  prettyErrors: false,
  // Keys compare by their text, so `1:` and `"1":` are the same key and a duplicate.
  uniqueKeys: (a: unknown, b: unknown) => keyText(a) === keyText(b),
} as const;

const YAML_ERROR_CODES: Readonly<Record<string, string>> = {
  DUPLICATE_KEY: 'YAML_DUPLICATE_KEY',
  TAB_AS_INDENT: 'YAML_TAB_INDENT',
  // A local tag (`!provider`) the core schema does not know: as much a tag as `!!binary`.
  TAG_RESOLVE_FAILED: 'YAML_TAG',
};

/**
 * Parses one packet's text. Never throws on bad input: problems are returned. Files in the plain
 * block subset packets are written in take a fast reader that builds the very same result; any
 * other file is read by the full YAML parser.
 */
export function parsePacketText(text: string): ParsedText {
  return parsePlainPacket(text) ?? parseYamlPacketText(text);
}

/** Parses one packet's text with the full YAML 1.2 parser. */
export function parseYamlPacketText(text: string): ParsedText {
  const { LineCounter, parseAllDocuments } = yaml();
  const lineCounter = new LineCounter();
  const docs = parseAllDocuments(text, { ...PARSE_OPTIONS, lineCounter });
  const position = (offset: number): Position => {
    const { line, col } = lineCounter.linePos(Math.max(0, Math.min(offset, text.length)));
    return { line, column: col };
  };
  const result: ParsedText = {
    data: undefined,
    valueOffsets: new Map(),
    keyOffsets: new Map(),
    numberSources: new Map(),
    problems: [],
    position,
  };

  const documents = Array.isArray(docs) ? docs : [];
  const first = documents[0];
  if (first === undefined || first.contents === null) {
    result.problems.push(at(0, 'YAML_EMPTY', 'has no packet in it; start from a shipped example'));
    return result;
  }
  if (documents.length > 1) {
    const second = documents[1]?.range[0] ?? 0;
    result.problems.push(
      at(
        second,
        'YAML_MULTIPLE_DOCUMENTS',
        'holds more than one YAML document; keep one packet per file',
      ),
    );
    return result;
  }

  collectYamlErrors(first, result, text);
  if (result.problems.length > 0) return result;

  const walker = new Walker(text, result);
  result.data = walker.toData(first.contents, '', 0);
  if (result.problems.length > 0) result.data = undefined;
  return result;
}

function collectYamlErrors(doc: Document, result: ParsedText, text: string): void {
  for (const error of [...doc.errors, ...doc.warnings]) {
    const code = YAML_ERROR_CODES[error.code] ?? 'YAML_SYNTAX';
    const message =
      code === 'YAML_DUPLICATE_KEY'
        ? duplicateKeyMessage(text, error.pos[0])
        : `${error.message.split('\n')[0]}; fix the YAML`;
    result.problems.push(at(error.pos[0], code, message));
  }

  const version = doc.directives?.yaml.explicit ? doc.directives.yaml.version : undefined;
  if (version !== undefined && version !== '1.2') {
    result.problems.push(
      at(0, 'YAML_VERSION', `declares %YAML ${version}; packets are YAML 1.2, delete the line`),
    );
  }
}

/** Names the key written twice (the text up to its colon), so the author knows what to merge. */
function duplicateKeyMessage(text: string, offset: number): string {
  const end = text.indexOf('\n', offset);
  const line =
    text
      .slice(offset, end < 0 ? undefined : end)
      .split(':')[0]
      ?.trim() ?? '';
  const key = line.length > 0 && line.length <= 60 ? ` ${JSON.stringify(line)}` : '';
  return `repeats the key${key} of this mapping; keep one of them (YAML reads only one)`;
}

/** Builds plain data from the document tree, recording positions and rejecting extras. */
class Walker {
  constructor(
    private readonly text: string,
    private readonly result: ParsedText,
  ) {}

  toData(node: Node | null, pointer: string, depth: number): unknown {
    if (node === null) return null;
    const offset = node.range?.[0] ?? 0;
    (this.result.valueOffsets as Map<string, number>).set(pointer, offset);

    if (depth > MAX_DEPTH) {
      return this.fail(offset, 'YAML_TOO_DEEP', `nests deeper than ${MAX_DEPTH} levels`);
    }
    const { Alias, isAlias, isMap, isScalar, isSeq } = yaml();
    if (isAlias(node) || node instanceof Alias) {
      return this.fail(offset, 'YAML_ALIAS', 'uses an alias (*name); write the value out in full');
    }
    if (node.anchor) {
      return this.fail(offset, 'YAML_ANCHOR', `defines the anchor &${node.anchor}; remove it`);
    }
    if (node.tag) {
      return this.fail(
        offset,
        'YAML_TAG',
        `uses the tag ${node.tag}; remove it, packets need none`,
      );
    }

    if (isScalar(node)) return this.scalar(node.value, offset, node.range?.[1] ?? offset, pointer);
    if (isSeq(node)) {
      return node.items.map((item, index) =>
        this.toData(item as Node | null, `${pointer}/${index}`, depth + 1),
      );
    }
    if (isMap(node)) return this.map(node.items, pointer, depth);
    return this.fail(offset, 'YAML_SYNTAX', 'holds a node a packet cannot contain');
  }

  private scalar(value: unknown, start: number, end: number, pointer: string): unknown {
    if (typeof value === 'number') {
      (this.result.numberSources as Map<string, string>).set(
        pointer,
        this.text.slice(start, end).trim(),
      );
    }
    if (typeof value === 'bigint') return this.fail(start, 'YAML_SYNTAX', 'holds a huge integer');
    return value;
  }

  private map(
    items: readonly { key: unknown; value: unknown }[],
    pointer: string,
    depth: number,
  ): unknown {
    // A null-prototype object keeps `__proto__` and `constructor` keys as plain data.
    const object: Record<string, unknown> = Object.create(null) as Record<string, unknown>;
    const { isScalar } = yaml();
    for (const pair of items) {
      const keyNode = pair.key as Node | null;
      const keyOffset = keyNode?.range?.[0] ?? 0;
      if (
        !isScalar(keyNode) ||
        keyNode.tag ||
        keyNode.anchor ||
        typeof keyNode.value === 'object'
      ) {
        this.fail(keyOffset, 'YAML_COMPLEX_KEY', 'has a key that is not plain text; write a name');
        continue;
      }
      const key = keyText(keyNode.value);
      const child = `${pointer}/${escapePointer(key)}`;
      (this.result.keyOffsets as Map<string, number>).set(child, keyOffset);
      object[key] = this.toData(pair.value as Node | null, child, depth + 1);
    }
    return object;
  }

  private fail(offset: number, code: string, message: string): undefined {
    this.result.problems.push(at(offset, code, message));
    return undefined;
  }
}

function keyText(key: unknown): string {
  const value = yaml().isScalar(key) ? (key as { value: unknown }).value : key;
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean' || typeof value === 'bigint') {
    return String(value);
  }
  return '';
}

/** RFC 6901: `~` and `/` inside a key are escaped in a JSON Pointer. */
export function escapePointer(key: string): string {
  return key.replaceAll('~', '~0').replaceAll('/', '~1');
}

function at(offset: number, code: string, message: string): RuleFinding & { offset: number } {
  return { code, field: '', offset, message };
}
