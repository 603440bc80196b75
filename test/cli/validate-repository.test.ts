import { execFileSync } from 'node:child_process';
import { mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from '../../scripts/dev/run-cli.js';
import { copyOfExamples } from '../support/temp-dir.js';

const ML = 'packets/ml-platform/EXC-2026-12-02-ML-PLATFORM.yaml';
const SEARCH = 'packets/search/EXC-2026-12-04-SEARCH.yaml';

function edit(root: string, file: string, from: string, to: string): void {
  const full = path.join(root, file);
  const text = readFileSync(full, 'utf8');
  if (!text.includes(from)) throw new Error(`${file} has no ${from}`);
  writeFileSync(full, text.replace(from, to));
}

describe('packet validate: CODEOWNERS and policy', () => {
  it('reports a missing CODEOWNERS file as one finding, not a crash', async () => {
    const root = copyOfExamples();
    rmSync(path.join(root, 'CODEOWNERS'));
    const run = await runCli(['validate'], { cwd: root });
    expect(run.code).toBe(1);
    expect(run.stdout.split('\n').filter((line) => line.includes('CODEOWNERS_MISSING'))).toEqual([
      expect.stringMatching(/^\.github\/CODEOWNERS:1:1 CODEOWNERS_MISSING /),
    ]);
    expect(run.stdout).toContain('3 packets, 3 valid, 1 error');
  });

  it('reports a missing policy as one finding', async () => {
    const root = copyOfExamples();
    rmSync(path.join(root, '.github/packet-policy.yml'));
    const run = await runCli(['validate', '--format', 'json'], { cwd: root });
    const parsed = JSON.parse(run.stdout) as { findings: { code: string; file: string }[] };
    expect(run.code).toBe(1);
    expect(parsed.findings.map((f) => [f.code, f.file])).toEqual([
      ['POLICY_MISSING', '.github/packet-policy.yml'],
    ]);
  });

  it('reads .github/CODEOWNERS before the root one, as GitHub does', async () => {
    const root = copyOfExamples();
    mkdirSync(path.join(root, '.github'), { recursive: true });
    writeFileSync(
      path.join(root, '.github/CODEOWNERS'),
      '/packets/ @example-org/finance\n/packets/search/ @example-org/search @example-org/finance\n',
    );
    const run = await runCli(['validate'], { cwd: root });
    const lines = run.stdout.split('\n').filter((line) => line.includes('OWNER_FOLDER'));
    expect(lines.map((line) => line.split(' ').slice(0, 2).join(' '))).toEqual([
      '.github/CODEOWNERS:1:1 OWNER_FOLDER_UNMAPPED',
      '.github/CODEOWNERS:1:1 OWNER_FOLDER_UNMAPPED',
    ]);
    expect(lines.join('\n')).toContain('packets/ml-platform/');
    expect(lines.join('\n')).toContain('packets/support-bots/');
    // Every packet is valid; the summary says where the errors are.
    expect(run.stdout).toContain(
      '3 packets, 3 valid, 2 errors (2 in the repository configuration)',
    );
    expect(run.code).toBe(1);
  });

  it('warns about a CODEOWNERS line GitHub skips, with its line and column', async () => {
    const root = copyOfExamples();
    const file = path.join(root, 'CODEOWNERS');
    writeFileSync(file, `${readFileSync(file, 'utf8')}/docs/[ab]/ @example-org/repo-admins\n`);
    const run = await runCli(['validate'], { cwd: root });
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/^CODEOWNERS:20:7 CODEOWNERS_INVALID_LINE \(warning\) /m);
    expect(run.stdout).toContain('3 packets, 3 valid, 0 errors, 1 warning');
  });

  it('fails an owner folder CODEOWNERS maps without finance', async () => {
    const root = copyOfExamples();
    edit(
      root,
      'CODEOWNERS',
      '/packets/search/         @example-org/search @example-org/finance',
      '/packets/search/         @example-org/search',
    );
    const run = await runCli(['validate'], { cwd: root });
    expect(run.code).toBe(1);
    expect(run.stdout).toMatch(/^CODEOWNERS:10:1 OWNER_FOLDER_WITHOUT_FINANCE packets\/search\//m);
  });
});

describe('packet validate: the billing close', () => {
  // The shipped policy closes a period 5 days after its end (2026-11-30 -> 2026-12-05) and
  // warns 2 days before.
  it.each([
    ['2026-12-02', 0, []],
    ['2026-12-03', 0, ['FILED_NEAR_CLOSE', 'FILED_NEAR_CLOSE', 'FILED_NEAR_CLOSE']],
    ['2026-12-05', 0, ['FILED_NEAR_CLOSE', 'FILED_NEAR_CLOSE', 'FILED_NEAR_CLOSE']],
    ['2026-12-06', 1, ['FILED_AFTER_CLOSE', 'FILED_AFTER_CLOSE', 'FILED_AFTER_CLOSE']],
  ])('filed on %s exits %i with %j', async (date, code, expected) => {
    const run = await runCli(['validate', '--filed-on', date, '--format', 'json'], {
      cwd: copyOfExamples(),
    });
    const parsed = JSON.parse(run.stdout) as { findings: { code: string; line: number }[] };
    expect(parsed.findings.map((f) => f.code)).toEqual(expected);
    expect(parsed.findings.every((f) => f.line === 4)).toBe(true);
    expect(run.code).toBe(code);
  });

  it('shows the close date when a packet is filed after the close', async () => {
    const run = await runCli(['validate', ML], {
      cwd: copyOfExamples(),
      env: { PACKET_TODAY: '2026-12-07' },
    });
    expect(run.code).toBe(1);
    expect(run.stdout).toMatch(
      new RegExp(
        `^${ML}:4:20 FILED_AFTER_CLOSE filed on 2026-12-07, after the billing close on 2026-12-05 `,
        'm',
      ),
    );
    expect(run.stdout).toContain('late_filing_reason');
  });

  it('passes a late packet that says why it is late', async () => {
    const root = copyOfExamples();
    edit(
      root,
      ML,
      'packet_status: pending_approval',
      'packet_status: pending_approval\nlate_filing_reason: The provider sent the export late.',
    );
    const run = await runCli(['validate', '--today', '2026-12-07', ML], { cwd: root });
    expect(run).toMatchObject({ code: 0, stdout: '1 packet, 1 valid, 0 errors' });
  });

  it('leaves decided packets alone', async () => {
    const root = copyOfExamples();
    edit(
      root,
      SEARCH,
      'packet_status: pending_approval',
      'packet_status: denied\ndenial_reason: No.',
    );
    const run = await runCli(['validate', '--filed-on', '2027-01-01', SEARCH], { cwd: root });
    expect(run.stdout).not.toContain('FILED_AFTER_CLOSE');
  });

  it('checks the date in the id when no filing date is given', async () => {
    const root = copyOfExamples();
    const late = 'packets/search/EXC-2026-12-06-SEARCH.yaml';
    renameSync(path.join(root, SEARCH), path.join(root, late));
    edit(root, late, 'EXC-2026-12-04-SEARCH', 'EXC-2026-12-06-SEARCH');
    const run = await runCli(['validate', late], { cwd: root });
    expect(run.code).toBe(1);
    expect(run.stdout).toContain('FILED_AFTER_CLOSE filed on 2026-12-06 (the date in its id)');
  });

  it('exits 2 for a filing date that is not a calendar date, saying what to run', async () => {
    const run = await runCli(['validate', '--filed-on', '2026-02-30'], { cwd: copyOfExamples() });
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('run `packet validate --filed-on');
  });
});

describe('packet validate --staged', () => {
  function gitRepo(): string {
    const root = copyOfExamples();
    const git = (...args: string[]) => execFileSync('git', ['-C', root, ...args]);
    git('init', '-q', '-b', 'main');
    git('config', 'user.email', 'dev@example.invalid');
    git('config', 'user.name', 'Dev');
    git('add', '-A');
    git('commit', '-q', '-m', 'examples');
    return root;
  }

  it('checks only staged packets, as staged, not as on disk', async () => {
    const root = gitRepo();
    edit(root, ML, "'262.35'", "'262.36'");
    execFileSync('git', ['-C', root, 'add', ML]);
    edit(root, ML, "'262.36'", "'262.35'");
    edit(root, SEARCH, 'currency: USD', 'currency: usd');

    const run = await runCli(['validate', '--staged'], { cwd: root });
    expect(run.code).toBe(1);
    expect(run.stdout).toContain(`${ML}:11:17 OVERAGE_MISMATCH`);
    expect(run.stdout).not.toContain(SEARCH);
    expect(run.stdout).toContain('1 packet, 0 valid, 1 error');
  });

  it('passes with nothing staged', async () => {
    const run = await runCli(['validate', '--staged'], { cwd: gitRepo() });
    expect(run).toMatchObject({ code: 0, stdout: '0 packets, 0 valid, 0 errors' });
  });

  it('exits 2 outside a git repository, saying what to run instead', async () => {
    const run = await runCli(['validate', '--staged'], { cwd: copyOfExamples() });
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('without --staged');
  });
});
