import { describe, expect, it } from 'vitest';

import { parseGitLog } from '../../../scripts/core/history/git-log.js';
import { indexHistory, isPacketPath } from '../../../scripts/core/history/history-index.js';

const A = 'a'.repeat(40);
const B = 'b'.repeat(40);
const Z = '0'.repeat(40);
const X = '1'.repeat(40);
const Y = '2'.repeat(40);

/** The byte layout `git log -z --raw` prints, built by hand. */
const output =
  [
    B,
    A,
    '2026-11-04T10:00:00+00:00',
    'Hub <hub@test.invalid>',
    'Ré Author',
    're@test.invalid',
    '2026-11-01T08:00:00+01:00',
    'Move | it; now',
    'Packet: EXC-1\n',
  ].join('\0') +
  '\0\n' +
  [`:100644 100644 ${X} ${Y} R087`, 'packets/t/a b.yaml', 'packets/t/é/EXC-1.yaml'].join('\0') +
  '\0' +
  [`:000000 100644 ${Z} ${X} A`, 'packets/t/evidence/e.json', ''].join('\0') +
  [
    A,
    '',
    '2026-11-03T10:00:00+00:00',
    'Hub <hub@test.invalid>',
    'Author',
    'author@test.invalid',
    '2026-11-03T10:00:00+00:00',
    'File',
    '',
  ].join('\0') +
  '\0\n' +
  [`:000000 100644 ${Z} ${X} A`, 'packets/t/a b.yaml', ''].join('\0');

describe('parseGitLog', () => {
  it('reads headers, renames and spaced non-ASCII paths from NUL-separated output', () => {
    const commits = parseGitLog(output);
    expect(commits.map((c) => [c.sha, c.parents, c.author, c.subject])).toEqual([
      [B, [A], 'Ré Author', 'Move | it; now'],
      [A, [], 'Author', 'File'],
    ]);
    expect(commits.map((c) => [c.committer, c.authorEmail, c.authoredAt])).toEqual([
      ['Hub <hub@test.invalid>', 're@test.invalid', '2026-11-01T08:00:00+01:00'],
      ['Hub <hub@test.invalid>', 'author@test.invalid', '2026-11-03T10:00:00+00:00'],
    ]);
    expect(commits[0]!.changes).toEqual([
      {
        status: 'R',
        path: 'packets/t/é/EXC-1.yaml',
        fromPath: 'packets/t/a b.yaml',
        oldBlob: X,
        newBlob: Y,
      },
      { status: 'A', path: 'packets/t/evidence/e.json', oldBlob: Z, newBlob: X },
    ]);
  });

  it('follows a packet through its rename in the index', () => {
    const index = indexHistory(parseGitLog(output));
    expect(index.lineages.map((l) => [l.path, l.events.map((e) => e.kind)])).toEqual([
      ['packets/t/é/EXC-1.yaml', ['added', 'renamed']],
    ]);
    expect(index.paths.get('packets/t/a b.yaml')).toEqual([
      { index: 0, blob: X },
      { index: 1, blob: null },
    ]);
  });

  it.each([
    ['packets/t/EXC-1.yaml', true],
    ['packets/t/sub dir/EXC-1.yml', true],
    ['packets/t/evidence/x.yaml', false],
    ['packets/LEDGER.md', false],
    ['docs/EXC-1.yaml', false],
  ])('isPacketPath(%j) is %s', (path, expected) => {
    expect(isPacketPath(path)).toBe(expected);
  });
});
