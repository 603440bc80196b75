import {
  appendFileSync,
  copyFileSync,
  cpSync,
  mkdirSync,
  readFileSync,
  rmSync,
  statSync,
  symlinkSync,
  utimesSync,
  writeFileSync,
} from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { corpus } from '../support/packet-corpus.js';
import { tracedValidate } from '../support/traced-validate.js';

const ML = 'packets/ml-platform/EXC-2026-12-02-ML-PLATFORM.yaml';
const SEARCH = 'packets/search/EXC-2026-12-04-SEARCH.yaml';
const SEARCH_EXPORT = 'packets/search/evidence/anthropic-cost-report-2026-11.json';

function validate(root: string, args: string[] = []) {
  const run = tracedValidate(root, path.join(root, '.cache'), args);
  const report = JSON.parse(run.stdout) as { summary: unknown; findings: unknown[] };
  return { outcome: { code: run.code, ...report }, via: run.via };
}

describe('a run planned from the tree index reports what a full run reports', () => {
  it('through a pull request’s edits, additions, deletions, staging and commits', () => {
    const { root, git } = corpus();
    const file = (name: string) => path.join(root, name);
    const edit = (name: string, from: string, to: string) => {
      const text = readFileSync(file(name), 'utf8');
      expect(text).toContain(from);
      writeFileSync(file(name), text.replace(from, to));
    };

    // The first run checks every file and leaves the index. Then each step changes the work tree,
    // and both runs must agree, the first from the index.
    validate(root);
    const steps: [string, () => void][] = [
      ['nothing changed', () => undefined],
      ['a figure broken', () => edit(ML, "'262.35'", "'262.36'")],
      [
        'an id taken from another packet',
        () => edit(SEARCH, 'EXC-2026-12-04-SEARCH', 'EXC-2026-12-02-ML-PLATFORM'),
      ],
      [
        'a packet copied to an untracked file (its cost filed twice)',
        () => {
          copyFileSync(file(ML), file('packets/search/EXC-2026-12-05-COPY.yaml'));
        },
      ],
      [
        'a tracked packet deleted',
        () => rmSync(file('packets/support-bots/EXC-2026-12-03-SUPPORT-BOTS.yaml')),
      ],
      ['an export edited', () => appendFileSync(file(SEARCH_EXPORT), ' ')],
      ['the untracked copy deleted', () => rmSync(file('packets/search/EXC-2026-12-05-COPY.yaml'))],
      ['everything staged', () => git('add', '-A', 'packets')],
      [
        'the id mended and committed',
        () => {
          edit(SEARCH, 'EXC-2026-12-02-ML-PLATFORM', 'EXC-2026-12-04-SEARCH');
          git('-c', 'user.name=t', '-c', 'user.email=t@example.invalid', 'commit', '-qam', 'edits');
        },
      ],
      ['an export deleted', () => rmSync(file(SEARCH_EXPORT))],
    ];
    for (const [name, change] of steps) {
      change();
      const planned = validate(root);
      const full = validate(root, ['--no-cache']);
      expect(planned.outcome, name).toEqual(full.outcome);
      expect(planned.via, name).toBe('the tree index');
    }
    expect(JSON.stringify(validate(root).outcome)).toContain('EVIDENCE_MISSING');
  });

  it('found the shared findings of the steps above', () => {
    const { root } = corpus();
    validate(root);
    const text = readFileSync(path.join(root, SEARCH), 'utf8');
    writeFileSync(
      path.join(root, SEARCH),
      text.replace('EXC-2026-12-04-SEARCH', 'EXC-2026-12-02-ML-PLATFORM'),
    );
    copyFileSync(path.join(root, ML), path.join(root, 'packets/search/EXC-2026-12-05-COPY.yaml'));

    const planned = validate(root);

    expect(planned.via).toBe('the tree index');
    const codes = JSON.stringify(planned.outcome.findings);
    expect(codes).toContain('"code":"ID_DUPLICATE","severity":"error","file":"' + ML);
    expect(codes).toContain('"code":"COST_FILED_TWICE"');
  });

  it('checks the whole repository when the index cannot stand for the work tree', () => {
    const { root, git } = corpus();
    validate(root);

    // Each case is set up, checked both ways, then undone.
    const cases: [string, () => void, () => void][] = [
      [
        'a packet git was told not to compare',
        () => {
          git('update-index', '--assume-unchanged', ML);
          const text = readFileSync(path.join(root, ML), 'utf8');
          writeFileSync(path.join(root, ML), text.replace("'262.35'", "'262.36'"));
        },
        () => {
          git('update-index', '--no-assume-unchanged', ML);
          git('checkout', '-q', '--', ML);
        },
      ],
      [
        'a packet that is a link',
        () => {
          symlinkSync(
            'EXC-2026-12-04-SEARCH.yaml',
            path.join(root, 'packets/search/EXC-LINK.yaml'),
          );
          git('add', 'packets/search/EXC-LINK.yaml');
        },
        () => {
          git('rm', '-q', '--cached', 'packets/search/EXC-LINK.yaml');
          rmSync(path.join(root, 'packets/search/EXC-LINK.yaml'));
        },
      ],
      [
        'a new owner folder (its CODEOWNERS findings are the repository’s)',
        () =>
          cpSync(path.join(root, 'packets/ml-platform'), path.join(root, 'packets/new-team'), {
            recursive: true,
          }),
        () => rmSync(path.join(root, 'packets/new-team'), { recursive: true }),
      ],
      [
        'a changed configuration',
        () => {
          appendFileSync(
            path.join(root, 'CODEOWNERS'),
            '\n/packets/extra/ @org/extra @org/finance\n',
          );
        },
        () => git('checkout', '-q', '--', 'CODEOWNERS'),
      ],
    ];
    for (const [name, setUp, undo] of cases) {
      setUp();
      const planned = validate(root);
      const full = validate(root, ['--no-cache']);
      expect(planned.outcome, name).toEqual(full.outcome);
      expect(planned.via, name).not.toBe('the tree index');
      undo();
    }
    // Once the work tree is back (and the configuration's change was checked in full once
    // more), the index serves again.
    expect(validate(root).via).not.toBe('the tree index');
    expect(validate(root).via).toBe('the tree index');
  });
});

describe('packets git does not track, found from the folders the index stamped', () => {
  it('finds each new one once the folders have settled, as a full run does', () => {
    const { root } = corpus();
    // Folders changed within two seconds of a listing are read on every run; these must not be.
    Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 2100);
    validate(root);
    const file = (name: string) => path.join(root, name);
    const COPY = 'packets/search/EXC-2026-12-05-COPY.yaml';
    const DEEP = 'packets/search/2027/q1/EXC-2027-01-05-DEEP.yaml';

    const steps: [string, () => void, string][] = [
      ['a copy beside a tracked packet', () => copyFileSync(file(ML), file(COPY)), COPY],
      [
        'a packet in new folders deeper down',
        () => {
          mkdirSync(path.dirname(file(DEEP)), { recursive: true });
          copyFileSync(file(SEARCH), file(DEEP));
        },
        DEEP,
      ],
      [
        'a packet added to a folder whose modification time is then set back',
        () => {
          const folder = file('packets/ml-platform');
          const { atime, mtime } = statSync(folder);
          copyFileSync(file(ML), file('packets/ml-platform/EXC-2026-12-06-BACK.yaml'));
          utimesSync(folder, atime, mtime);
        },
        'EXC-2026-12-06-BACK.yaml',
      ],
    ];
    for (const [name, change, expected] of steps) {
      change();
      const planned = validate(root);
      const full = validate(root, ['--no-cache']);
      expect(planned.outcome, name).toEqual(full.outcome);
      expect(planned.via, name).toBe('the tree index');
      expect(JSON.stringify(planned.outcome.findings), name).toContain(expected);
    }

    rmSync(file(COPY));
    rmSync(file('packets/search/2027'), { recursive: true });
    const planned = validate(root);
    expect(planned.outcome).toEqual(validate(root, ['--no-cache']).outcome);
    expect(JSON.stringify(planned.outcome.findings)).not.toContain(COPY);
  });
});

describe('runs with and without the exports', () => {
  it('each find the cache the last run of their own kind left', () => {
    const { root } = corpus();
    validate(root);
    validate(root, ['--skip-exports']);

    expect(validate(root).via).toBe('the tree index');
    expect(validate(root, ['--skip-exports']).via).toBe('the tree index');
  });
});
