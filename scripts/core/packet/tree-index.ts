/**
 * The tree index: what a validation of the whole repository found on one git tree, kept so that
 * the next run checks only the packets that differ from that tree, and settles the checks that
 * need every packet at once (an id used twice, an export claimed twice) from the index instead of
 * from every file (see tree-index-plan.ts). Pure data in, data out.
 *
 * It is written by every full run and read by every run after, so it is laid out to cost little
 * both ways: texts to search rather than lists to sort, parse or put in sets.
 */
import { compareText, firstAtOrAbove, positionIn } from '../sorted-text.js';
import type { Finding } from './finding.js';
import type { FileOutcome } from './report.js';

export interface TreeIndex {
  /** The git tree the indexed packets are measured against (HEAD's tree when it was written). */
  tree: string;
  /** Every packet the run listed, in path order, joined by newlines. */
  paths: string;
  /** Per packet: its id, 1 when the id is the file's own name (most are), or null for none. */
  ids: (string | 1 | null)[];
  /**
   * Every claim key (see claimKey) with the position of a packet making it, in order: `KEY
   * POSITION` lines. A packet's own keys are found in it too, by their position.
   */
  keyTable: string;
  /** Packets whose result holds for this run only, checked again every time. */
  redo: number[];
  /** Packets that were not in the tree (untracked or newly staged) when the index was written. */
  outside: number[];
  /** Each packet's own findings, for those that have any. */
  own: [number, Finding[]][];
  /** The findings shared between packets (ids, claims) of the indexed state. */
  cross: [number, Finding[]][];
  /**
   * Every folder the run listed, with its stamp when it was listed ('' for one to read every
   * time), in path order: a later run reads only those whose stamps moved, for new packets.
   */
  folders: [string, string][];
}

/** What only a run with a changed export needs, kept apart so that the others never read it. */
export interface TreeIndexDetails {
  /** Per packet: the exports it cites, or 0. */
  cites: (readonly string[] | 0)[];
}

/** What a run knew of each packet besides its outcome, to judge which results the tree holds. */
export interface IndexFacts {
  /** The exports each packet cites. */
  cites: ReadonlyMap<string, readonly string[]>;
  /** Packets whose result does not hold for the tree's version of the files. */
  redo: ReadonlySet<string>;
  /** Packets that are not in the tree. */
  outside: ReadonlySet<string>;
  /** The folders listed, each with its stamp (see TreeIndex.folders). */
  folders?: ReadonlyMap<string, string>;
}

const KEY_LENGTH = 12;
const POSITION_DIGITS = 8;
/** A key, a space, the position, a newline: every line of the key table has this length. */
const KEY_LINE = KEY_LENGTH + 1 + POSITION_DIGITS + 1;

/**
 * A claim's key: the tail of its export hash (or a hash of a claim without one), twelve hex
 * digits. Two claims with one key only make a later run look at both packets, never merge them.
 */
export function claimKey(claim: string): string {
  const tail = claim.slice(-KEY_LENGTH);
  if (/^[0-9a-f]{12}$/.test(tail)) return tail;
  let first = 0x811c9dc5;
  let second = 0x01000193;
  for (let i = 0; i < claim.length; i++) {
    first = Math.imul(first ^ claim.charCodeAt(i), 0x01000193) >>> 0;
    second = Math.imul(second ^ claim.charCodeAt(i), 0x811c9dc5) >>> 0;
  }
  return (first.toString(16).padStart(8, '0') + second.toString(16).padStart(8, '0')).slice(
    0,
    KEY_LENGTH,
  );
}

/** The id a file name carries: `packets/x/EXC-1.yaml` carries `EXC-1`. */
export function stemOf(file: string): string {
  const end = file.endsWith('.yaml') ? -5 : file.endsWith('.yml') ? -4 : file.length;
  return file.slice(file.lastIndexOf('/') + 1, end);
}

/**
 * The index of a whole run: `outcomes` are each file's own outcome in path order (no path holds
 * a newline), `cross` the findings shared between files, as the run's report holds them.
 */
export function indexTree(
  tree: string,
  outcomes: readonly FileOutcome[],
  cross: ReadonlyMap<string, Finding[]>,
  facts: IndexFacts,
): { index: TreeIndex; details: TreeIndexDetails } {
  const paths = outcomes.map((outcome) => outcome.path);
  const index: TreeIndex = {
    tree,
    paths: paths.join('\n'),
    ids: [],
    keyTable: '',
    redo: [],
    outside: [],
    own: [],
    cross: [],
    folders: [...(facts.folders ?? [])].sort(([a], [b]) => compareText(a, b)),
  };
  const details: TreeIndexDetails = { cites: [] };

  // Step 1, one pass over every packet, allocating little: a cold run writes this.
  const keyLines: string[] = [];
  for (let at = 0; at < outcomes.length; at++) {
    const outcome = outcomes[at]!;
    const id = outcome.id?.value;
    index.ids.push(id === undefined ? null : id === stemOf(outcome.path) ? 1 : id);
    const claims = outcome.claims ?? [];
    const keys = claims.length === 1 ? [claimKey(claims[0]!)] : [...new Set(claims.map(claimKey))];
    const position = String(at).padStart(POSITION_DIGITS, '0');
    for (const key of keys) keyLines.push(`${key} ${position}`);
    if (outcome.findings.length > 0) index.own.push([at, outcome.findings]);
    const cites = facts.cites.get(outcome.path);
    details.cites.push(cites && cites.length > 0 ? cites : 0);
  }
  index.keyTable = keyLines.length > 0 ? `${keyLines.sort().join('\n')}\n` : '';

  // Step 2, the few packets of each kind, found by their paths.
  const positions = (files: Iterable<string>) =>
    [...files].map((file) => positionIn(paths, file)).filter((at) => at >= 0);
  index.redo = positions(facts.redo).sort((a, b) => a - b);
  index.outside = positions(facts.outside).sort((a, b) => a - b);
  index.cross = positions(cross.keys())
    .sort((a, b) => a - b)
    .map((at) => [at, cross.get(paths[at]!)!]);
  return { index, details };
}

/**
 * Where each of the joined paths starts in `paths`, then where one after the last would start:
 * what IndexReader needs, kept beside the index by the cache.
 */
export function pathStarts(paths: string): Uint32Array {
  const starts = [0];
  for (let at = paths.indexOf('\n'); at >= 0; at = paths.indexOf('\n', at + 1)) {
    starts.push(at + 1);
  }
  starts.push(paths.length + 1);
  return Uint32Array.from(starts);
}

/**
 * Reading an index: its paths, ids and keys, and the packets sharing an id or a key. The paths
 * stay one text, found by where each starts: a run that checks a few packets never splits it
 * into thousands of strings.
 */
export class IndexReader {
  /** How many packets the index lists. */
  readonly count: number;
  /** Where each path starts in the joined text, then where one after the last would start. */
  private readonly starts: Uint32Array;
  private listing?: string[];

  /**
   * `starts` is pathStarts(index.paths) as a cache kept it: finding them again takes longer than
   * the rest of a pull request's reading of the index. Starts that do not fit the text (another
   * machine's byte order, say) are found again.
   */
  constructor(
    readonly index: TreeIndex,
    starts?: Uint32Array,
  ) {
    const text = index.paths;
    const fits =
      starts !== undefined &&
      starts.length >= 2 &&
      starts[0] === 0 &&
      starts[starts.length - 1] === text.length + 1;
    this.starts = fits ? starts : pathStarts(text);
    this.count = text === '' ? 0 : this.starts.length - 1;
  }

  /** The path at a position. */
  pathAt(at: number): string {
    return this.index.paths.slice(this.starts[at], this.starts[at + 1]! - 1);
  }

  /** Every path, in order (built once, when first asked for). */
  get paths(): string[] {
    this.listing ??= this.count === 0 ? [] : this.index.paths.split('\n');
    return this.listing;
  }

  positionOf(file: string): number {
    let low = 0;
    let high = this.count - 1;
    while (low <= high) {
      const middle = (low + high) >>> 1;
      const at = this.pathAt(middle);
      if (at === file) return middle;
      if (at < file) low = middle + 1;
      else high = middle - 1;
    }
    return -1;
  }

  idAt(at: number): string | null {
    const id = this.index.ids[at];
    return id === 1 ? stemOf(this.pathAt(at)) : (id ?? null);
  }

  /** The keys of the cost the packet at `at` claims: the key table's lines of its position. */
  keysAt(at: number): readonly string[] {
    const table = this.index.keyTable;
    // A space begins a line's position and nothing else in the table: every hit is one line's.
    const tail = ` ${String(at).padStart(POSITION_DIGITS, '0')}\n`;
    const keys: string[] = [];
    for (let hit = table.indexOf(tail); hit >= 0; hit = table.indexOf(tail, hit + 1)) {
      keys.push(table.substr(hit - KEY_LENGTH, KEY_LENGTH));
    }
    return keys;
  }

  /** The packets whose id is `id`: named so (found in the joined paths), or written out. */
  withId(id: string): number[] {
    const found: number[] = [];
    const text = this.index.paths;
    // One pass finds both endings, .yaml and .yml.
    const stem = `/${id}.y`;
    for (let hit = text.indexOf(stem); hit >= 0; hit = text.indexOf(stem, hit + 1)) {
      const rest = hit + stem.length;
      const ending = text.startsWith('aml', rest) ? 3 : text.startsWith('ml', rest) ? 2 : -1;
      const end = rest + ending;
      if (ending < 0 || (end < text.length && text[end] !== '\n')) continue;
      const at = this.positionOf(text.slice(text.lastIndexOf('\n', hit) + 1, end));
      if (at >= 0 && this.index.ids[at] === 1) found.push(at);
    }
    for (let at = this.index.ids.indexOf(id); at >= 0; at = this.index.ids.indexOf(id, at + 1)) {
      found.push(at);
    }
    return found;
  }

  /** The packets making a claim with this key. */
  withKey(key: string): number[] {
    const table = this.index.keyTable;
    const lines = Math.floor(table.length / KEY_LINE);
    const keyOf = (line: number) => table.substr(line * KEY_LINE, KEY_LENGTH);
    const found: number[] = [];
    for (
      let line = firstAtOrAbove(lines, (i) => compareText(keyOf(i), key));
      line < lines;
      line++
    ) {
      if (keyOf(line) !== key) break;
      found.push(Number(table.substr(line * KEY_LINE + KEY_LENGTH + 1, POSITION_DIGITS)));
    }
    return found;
  }
}
