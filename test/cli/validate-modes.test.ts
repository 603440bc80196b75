import { execFileSync, spawnSync } from 'node:child_process';
import { cpSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { generatePacketRepository } from '../../bench/generate-packets.js';
import { FIXTURES, REPO_ROOT } from '../support/paths.js';
import { copyOfExamples } from '../support/temp-dir.js';

const BIN = path.join(REPO_ROOT, 'dist/scripts/cli/packet.cjs');

/** A repository with valid packets, every invalid fixture, and a generated corpus, committed. */
function corpus(): string {
  const root = copyOfExamples();
  generatePacketRepository(path.join(root, 'generated'), 60);
  cpSync(path.join(root, 'generated/packets'), path.join(root, 'packets'), { recursive: true });
  for (const name of readdirSync(path.join(FIXTURES, 'invalid'))) {
    const target = path.join(root, 'packets/ml-platform', name.replaceAll('+', '-'));
    cpSync(path.join(FIXTURES, 'invalid', name), target);
  }
  const git = (...args: string[]) => execFileSync('git', args, { cwd: root, stdio: 'pipe' });
  git('init', '-q');
  git('add', 'packets', 'schemas', '.github', 'CODEOWNERS');
  git('-c', 'user.name=t', '-c', 'user.email=t@example.invalid', 'commit', '-qm', 'corpus');
  return root;
}

function validate(root: string, args: string[], env: NodeJS.ProcessEnv = {}) {
  const run = spawnSync(process.execPath, [BIN, 'validate', '--format', 'json', ...args], {
    cwd: root,
    encoding: 'utf8',
    env: { ...process.env, PACKET_CACHE_DIR: path.join(root, '.cache'), ...env },
  });
  const report = JSON.parse(run.stdout) as { summary: unknown; findings: unknown[] };
  return { code: run.status, summary: report.summary, findings: report.findings };
}

describe('packet validate gives the same findings in every mode', () => {
  it('cold, warm, in worker threads, and after a change (PR mode)', () => {
    const root = corpus();

    const cold = validate(root, ['--no-cache']);
    const first = validate(root, []);
    const warm = validate(root, []);
    const threads = validate(root, ['--no-cache', '--workers', '2'], {
      PACKET_MIN_FILES_PER_WORKER: '20',
    });

    expect(cold.code).toBe(1);
    expect(cold.findings.length).toBeGreaterThan(60);
    for (const other of [first, warm, threads]) expect(other).toEqual(cold);

    // A pull request changes a few packets: a valid one breaks, an invalid one is mended.
    const broken = 'packets/ml-platform/EXC-2026-12-02-ML-PLATFORM.yaml';
    const brokenPath = path.join(root, broken);
    writeFileSync(brokenPath, readFileSync(brokenPath, 'utf8').replace("'262.35'", "'262.36'"));
    const mended = path.join(
      root,
      'packets/ml-platform',
      'OVERAGE_MISMATCH.L11.overage-one-cent-off.yaml',
    );
    writeFileSync(mended, readFileSync(mended, 'utf8').replace("'262.36'", "'262.35'"));

    const prMode = validate(root, []);
    const prCold = validate(root, ['--no-cache']);
    expect(prMode).toEqual(prCold);
    expect(prMode.findings).not.toEqual(cold.findings);
    expect(JSON.stringify(prMode.findings)).toContain(`"file":"${broken}"`);
  });
});

describe('the cache never hides a change', () => {
  it('re-checks a packet whose export git does not track (ignored), after the export changes', () => {
    const root = copyOfExamples();
    const git = (...args: string[]) => execFileSync('git', args, { cwd: root, stdio: 'pipe' });
    git('init', '-q');
    git('add', 'packets', 'schemas', '.github', 'CODEOWNERS');
    git('-c', 'user.name=t', '-c', 'user.email=t@example.invalid', 'commit', '-qm', 'examples');
    const packet = 'packets/search/EXC-2026-12-04-SEARCH.yaml';
    const evidence = 'packets/search/evidence/anthropic-cost-report-2026-11.json';
    writeFileSync(path.join(root, '.gitignore'), `${evidence}\n`);
    execFileSync('git', ['rm', '-q', '--cached', evidence], { cwd: root });

    const before = validate(root, [packet]);
    const full = path.join(root, evidence);
    writeFileSync(full, `${readFileSync(full, 'utf8')} `);
    const after = validate(root, [packet]);

    expect(before.code).toBe(0);
    expect(after).toEqual(validate(root, [packet, '--no-cache']));
    expect(after.code).toBe(1);
  });
});

describe('the cache never hides an edit git was told not to look at', () => {
  it.each(['--assume-unchanged', '--skip-worktree'])(
    're-checks a packet marked %s after its bytes change',
    (flag) => {
      const root = copyOfExamples();
      const git = (...args: string[]) => execFileSync('git', args, { cwd: root, stdio: 'pipe' });
      git('init', '-q');
      git('add', 'packets', 'schemas', '.github', 'CODEOWNERS');
      git('-c', 'user.name=t', '-c', 'user.email=t@example.invalid', 'commit', '-qm', 'examples');
      const packet = 'packets/ml-platform/EXC-2026-12-02-ML-PLATFORM.yaml';
      git('update-index', flag, packet);

      const before = validate(root, []);
      const full = path.join(root, packet);
      writeFileSync(full, readFileSync(full, 'utf8').replace("'262.35'", "'262.36'"));
      const after = validate(root, []);

      expect(before.code).toBe(0);
      expect(after).toEqual(validate(root, ['--no-cache']));
      expect(after.code).toBe(1);
      expect(JSON.stringify(after.findings)).toContain('"code":"OVERAGE_MISMATCH"');
    },
  );
});
