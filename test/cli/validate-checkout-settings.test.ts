/**
 * Results are kept by git blob id, but a run reads the bytes a checkout wrote, and attributes or
 * git's config decide those. When they change between runs, a warm run must not report what the
 * old bytes gave: it must match a run with no cache at all.
 */
import { execFileSync } from 'node:child_process';
import { rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { committedExamples } from '../support/packet-corpus.js';
import { tempDir } from '../support/temp-dir.js';
import { tracedValidate } from '../support/traced-validate.js';

const SEARCH = 'packets/search/EXC-2026-12-04-SEARCH.yaml';
const UTF16 = 'packets/search/*.yaml working-tree-encoding=UTF-16LE\n';

/** Writes the packet again from git, as a fresh checkout would under the settings now. */
function checkOutAgain(root: string, file: string): void {
  rmSync(path.join(root, file));
  execFileSync('git', ['checkout', '--', file], { cwd: root, stdio: 'pipe' });
}

function outcome(run: ReturnType<typeof tracedValidate>) {
  return { code: run.code, report: JSON.parse(run.stdout) as unknown };
}

describe('a warm run after the checkout settings change', () => {
  const cases: [string, string][] = [
    ["the repository's own attributes file", '.git/info/attributes'],
    ['the attributes at the top of the work tree', '.gitattributes'],
  ];

  for (const [where, file] of cases) {
    it(`reads the bytes the checkout now writes, when ${where} changes`, () => {
      const { root } = committedExamples();
      const cache = tempDir();
      const cold = tracedValidate(root, cache);
      expect(cold.code).toBe(0);

      writeFileSync(path.join(root, file), UTF16);
      checkOutAgain(root, SEARCH);
      const warm = tracedValidate(root, cache);
      const fresh = tracedValidate(root, tempDir(), ['--no-cache']);

      expect(warm.code).toBe(1);
      expect(warm.stdout).toContain('FILE_HIDDEN_CHARACTER');
      expect(outcome(warm)).toEqual(outcome(fresh));
    });
  }

  it('still reuses every result when nothing about the checkout changed', () => {
    const { root } = committedExamples();
    const cache = tempDir();
    tracedValidate(root, cache);

    const warm = tracedValidate(root, cache);

    expect(warm.code).toBe(0);
    expect(warm.stderr).toMatch(/checked 0, reused 3/);
  });
});
