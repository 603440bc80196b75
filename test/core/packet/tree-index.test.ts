import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Finding } from '../../../scripts/core/packet/finding.js';
import {
  buildReport,
  crossFileFindings,
  type FileOutcome,
} from '../../../scripts/core/packet/report.js';
import { IndexReader, indexTree, pathStarts } from '../../../scripts/core/packet/tree-index.js';
import {
  listedPaths,
  planRecheck,
  reportFromIndex,
  type TreeChanges,
} from '../../../scripts/core/packet/tree-index-plan.js';

const isPacket = (file: string) => file.endsWith('.yaml');

/** A finding about the configuration, in no packet's file. */
const configFinding: Finding = {
  code: 'CODEOWNERS_MISSING_OWNER',
  severity: 'error',
  file: 'CODEOWNERS',
  line: 1,
  column: 1,
  field: '',
  message: 'no rule maps packets/team-0/',
};

/** A packet's outcome: few ids and claims to pick from, so that sharing them is common. */
function outcome(file: string, id: number | null, claims: number[], errors: number): FileOutcome {
  const findings: Finding[] = Array.from({ length: errors }, (_, n) => ({
    code: 'OVERAGE_MISMATCH',
    severity: 'error',
    file,
    line: 5 + n,
    column: 3,
    field: '/overage_amount',
    message: 'off by a cent',
  }));
  const result: FileOutcome = { path: file, findings };
  if (id !== null) {
    // Half the ids are the file's own name, as most packets' are.
    const value = id === 0 ? file.slice(file.lastIndexOf('/') + 1, -5) : `EXC-${id}`;
    result.id = { value, position: { line: 2, column: 24 } };
  }
  if (claims.length > 0) {
    // Half end with an export hash, as they do; the others stand for a claim without one.
    const tail = (c: number) => (c % 2 === 0 ? `${'ab'.repeat(30)}${c}` : `no hash ${c}`);
    result.claims = claims.map((c) => `team-${c % 3}|2026-11-01..2026-11-30|${tail(c)}`);
  }
  return result;
}

const packet = fc.record({
  name: fc.integer({ min: 0, max: 30 }),
  id: fc.option(fc.integer({ min: 0, max: 6 }), { nil: null }),
  claims: fc.array(fc.integer({ min: 0, max: 5 }), { maxLength: 2 }),
  errors: fc.integer({ min: 0, max: 2 }),
});

function toOutcomes(
  specs: { name: number; id: number | null; claims: number[]; errors: number }[],
) {
  const byPath = new Map<string, FileOutcome>();
  for (const spec of specs) {
    const file = `packets/team-${spec.name % 3}/EXC-${spec.name}.yaml`;
    byPath.set(file, outcome(file, spec.id, spec.claims, spec.errors));
  }
  return [...byPath.values()].sort((a, b) => (a.path < b.path ? -1 : 1));
}

describe('a run planned from the tree index', () => {
  it('reports what a run over every file reports, whatever changed', () => {
    fc.assert(
      fc.property(
        fc.array(packet, { maxLength: 25 }),
        fc.array(packet, { maxLength: 8 }),
        fc.array(fc.integer({ min: 0, max: 30 }), { maxLength: 5 }),
        fc.array(fc.integer({ min: 0, max: 30 }), { maxLength: 3 }),
        (before, edits, deletions, redo) => {
          const old = toOutcomes(before);
          const { index, details } = indexTree('t'.repeat(40), old, crossFileFindings(old), {
            cites: new Map(),
            redo: new Set(
              old.filter((o) => redo.some((n) => o.path.endsWith(`-${n}.yaml`))).map((o) => o.path),
            ),
            outside: new Set(),
          });

          // The new state: edited or added files, minus deleted ones.
          const edited = toOutcomes(edits);
          const gone = new Set(
            old
              .filter((o) => deletions.some((n) => o.path.endsWith(`EXC-${n}.yaml`)))
              .filter((o) => !edited.some((e) => e.path === o.path))
              .map((o) => o.path),
          );
          const now = new Map(old.filter((o) => !gone.has(o.path)).map((o) => [o.path, o]));
          for (const e of edited) now.set(e.path, e);
          const state = [...now.values()].sort((a, b) => (a.path < b.path ? -1 : 1));

          const here = new Set(edited.map((e) => e.path));
          const changes: TreeChanges = { here, gone, edited: here };
          const plan = planRecheck(index, changes, isPacket, () => details);
          const fresh = plan.recheck.map((file) => now.get(file)!);
          const indexed = new Map(old.map((o) => [o.path, o]));
          const extra: Finding[] = [configFinding];
          const report = reportFromIndex(plan, fresh, () => (file) => indexed.get(file), extra);

          expect(plan.count).toBe(state.length);
          expect(listedPaths(plan)).toEqual(state.map((o) => o.path));
          expect({ ...report }).toEqual(buildReport(state, extra));
        },
      ),
      { numRuns: 400 },
    );
  });

  it('checks again a packet citing an export that changed, and only that one', () => {
    const old = toOutcomes([
      { name: 1, id: 0, claims: [], errors: 0 },
      { name: 2, id: 0, claims: [], errors: 0 },
    ]);
    const cites = new Map([[old[0]!.path, ['packets/team-1/evidence/a.csv']]]);
    const { index, details } = indexTree('t'.repeat(40), old, new Map(), {
      cites,
      redo: new Set(),
      outside: new Set(),
    });

    let detailsRead = 0;
    const read = () => {
      detailsRead += 1;
      return details;
    };
    const none = new Set<string>();
    const quiet = planRecheck(index, { here: none, gone: none, edited: none }, isPacket, read);
    const exported = new Set(['packets/team-1/evidence/a.csv']);
    const changed: TreeChanges = { here: exported, gone: none, edited: exported };
    const plan = planRecheck(index, changed, isPacket, read);

    expect(quiet.recheck).toEqual([]);
    expect(plan.recheck).toEqual([old[0]!.path]);
    // The details (who cites what) are read only when an export changed.
    expect(detailsRead).toBe(1);
  });

  it('drops a packet that was untracked when indexed and is gone now', () => {
    const old = toOutcomes([
      { name: 1, id: 0, claims: [], errors: 0 },
      { name: 2, id: 0, claims: [], errors: 1 },
    ]);
    const untracked = old[1]!.path;
    const { index, details } = indexTree('t'.repeat(40), old, new Map(), {
      cites: new Map(),
      redo: new Set([untracked]),
      outside: new Set([untracked]),
    });

    const still = planRecheck(
      index,
      { here: new Set([untracked]), gone: new Set(), edited: new Set() },
      isPacket,
      () => details,
    );
    const gone = planRecheck(
      index,
      { here: new Set(), gone: new Set(), edited: new Set() },
      isPacket,
      () => details,
    );

    expect(listedPaths(still)).toEqual([old[0]!.path, untracked]);
    expect(still.recheck).toEqual([untracked]);
    expect(listedPaths(gone)).toEqual([old[0]!.path]);
    expect(gone.recheck).toEqual([]);
  });
});

describe('reading an index', () => {
  /** Paths in order, named by ids (.yaml or .yml) or not, some names sharing a stem. */
  const paths = fc
    .uniqueArray(
      fc.record({
        folder: fc.constantFrom('packets/a', 'packets/a/b', 'packets/é'),
        stem: fc.constantFrom('EXC-1', 'EXC-12', 'EXC-1-x', 'X.yml'),
        ending: fc.constantFrom('.yaml', '.yml'),
      }),
      { selector: ({ folder, stem, ending }) => `${folder}/${stem}${ending}`, maxLength: 12 },
    )
    .map((specs) =>
      specs.map(({ folder, stem, ending }) => `${folder}/${stem}${ending}`).sort(compare),
    );

  function compare(a: string, b: string): number {
    return a < b ? -1 : a > b ? 1 : 0;
  }

  it('answers the same with the starts a cache kept, with none, and with ones that do not fit', () => {
    fc.assert(
      fc.property(paths, (files) => {
        const outcomes: FileOutcome[] = files.map((file) => {
          const stem = file.slice(file.lastIndexOf('/') + 1).replace(/\.ya?ml$/, '');
          return {
            path: file,
            findings: [],
            id: { value: stem, position: { line: 1, column: 1 } },
          };
        });
        const { index } = indexTree('t'.repeat(40), outcomes, new Map(), {
          cites: new Map(),
          redo: new Set(),
          outside: new Set(),
        });
        const kept = pathStarts(index.paths);
        // Another machine's byte order: every number's bytes reversed.
        const swapped = kept.map(swap);
        const readers = [
          new IndexReader(index),
          new IndexReader(index, kept),
          new IndexReader(index, swapped),
          new IndexReader(index, kept.subarray(0, Math.max(1, kept.length - 1))),
        ];

        for (const reader of readers) {
          expect(reader.count).toBe(files.length);
          expect(files.map((_, at) => reader.pathAt(at))).toEqual(files);
          expect(files.map((file) => reader.positionOf(file))).toEqual(files.map((_, at) => at));
          for (const stem of ['EXC-1', 'EXC-12', 'EXC-1-x', 'X.yml', 'X']) {
            const named = files
              .map((file, at) => [file, at] as const)
              .filter(([file]) => /\/([^/]+)\.ya?ml$/.exec(file)?.[1] === stem)
              .map(([, at]) => at);
            expect(reader.withId(stem).sort((a, b) => a - b)).toEqual(named);
          }
        }
      }),
      { numRuns: 300 },
    );
  });

  function swap(n: number): number {
    const bytes = Buffer.alloc(4);
    bytes.writeUInt32LE(n);
    return bytes.readUInt32BE();
  }
});
