import { execFileSync, spawnSync } from 'node:child_process';
import { cpSync, mkdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { REPO_ROOT } from '../support/paths.js';
import { runCli } from '../../scripts/dev/run-cli.js';
import { copyOfExamples, tempDir } from '../support/temp-dir.js';

const ML = 'packets/ml-platform/EXC-2026-12-02-ML-PLATFORM.yaml';

describe('packet validate', () => {
  it('passes on the shipped examples with a summary line', async () => {
    const run = await runCli(['validate'], { cwd: copyOfExamples() });
    expect(run.stdout).toBe('3 packets, 3 valid, 0 errors');
    expect(run.code).toBe(0);
  });

  it('fails with file, line and code when one digit of an overage changes', async () => {
    const root = copyOfExamples();
    const file = path.join(root, ML);
    writeFileSync(file, readFileSync(file, 'utf8').replace("'262.35'", "'262.36'"));

    const run = await runCli(['validate'], { cwd: root });

    expect(run.code).toBe(1);
    expect(run.stdout).toContain(`${ML}:11:17 OVERAGE_MISMATCH`);
    expect(run.stdout).toContain('3 packets, 2 valid, 1 error');
  });

  it('says how to run the very same check again, the way it was started', async () => {
    const root = copyOfExamples();
    const file = path.join(root, ML);
    writeFileSync(file, readFileSync(file, 'utf8').replace("'262.35'", "'262.36'"));
    const last = async (argv: string[], env: NodeJS.ProcessEnv = {}) =>
      (await runCli(argv, { cwd: root, env })).stdout.split('\n').at(-1);

    expect(await last(['validate'], { npm_lifecycle_event: 'validate' })).toBe(
      'Fix the findings above, then run `npm run validate` again.',
    );
    expect(await last(['validate', ML], { npm_lifecycle_event: 'validate' })).toBe(
      `Fix the findings above, then run \`npm run validate -- ${ML}\` again.`,
    );
    expect(await last(['validate', '--filed-on', '2026-12-04', ML])).toBe(
      `Fix the findings above, then run \`packet validate --filed-on 2026-12-04 ${ML}\` again.`,
    );
    const odd = "packets/ml-platform/it's a copy.yaml";
    cpSync(file, path.join(root, odd));
    expect(await last(['validate', odd])).toBe(
      "Fix the findings above, then run `packet validate 'packets/ml-platform/it'\\''s a copy.yaml'` again.",
    );
  });

  it('checks only the paths given, relative to the current folder', async () => {
    const root = copyOfExamples();
    const run = await runCli(['validate', 'ml-platform'], { cwd: path.join(root, 'packets') });
    expect(run.stdout).toBe('1 packet, 1 valid, 0 errors');
  });

  it('prints machine-readable JSON with --format json', async () => {
    const root = copyOfExamples();
    const file = path.join(root, ML);
    writeFileSync(file, readFileSync(file, 'utf8').replace('currency: USD', 'currency: usd'));

    const run = await runCli(['validate', '--format', 'json'], { cwd: root });
    const parsed = JSON.parse(run.stdout) as {
      summary: { packets: number; valid: number; errors: number };
      findings: { code: string; file: string; line: number; field: string }[];
    };

    expect(run.code).toBe(1);
    expect(parsed.summary).toEqual({ packets: 3, valid: 2, errors: 1, warnings: 0 });
    expect(parsed.findings.map((f) => [f.code, f.file, f.line, f.field])).toEqual([
      ['SCHEMA_PATTERN', ML, 6, '/currency'],
    ]);
  });

  it('colours only on a terminal and never with NO_COLOR', async () => {
    const root = copyOfExamples();
    const file = path.join(root, ML);
    writeFileSync(file, readFileSync(file, 'utf8').replace("'262.35'", "'262.36'"));

    const tty = await runCli(['validate'], { cwd: root, isTTY: true });
    const noColour = await runCli(['validate'], { cwd: root, isTTY: true, env: { NO_COLOR: '' } });
    const pipe = await runCli(['validate'], { cwd: root, isTTY: false });

    expect(tty.stdout).toContain('\u001b[31m');
    expect(noColour.stdout).not.toContain('\u001b[');
    expect(pipe.stdout).not.toContain('\u001b[');
  });

  it('exits 2 for a path that does not exist, saying what to run', async () => {
    const run = await runCli(['validate', 'packets/nope.yaml'], { cwd: copyOfExamples() });
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('packets/nope.yaml does not exist');
    expect(run.stderr).toContain('packet validate');
  });

  it('exits 2 for a --root or a folder that could hold no packet, never an empty pass', async () => {
    const root = copyOfExamples();
    const missing = path.join(tempDir(), 'nope');

    const noRoot = await runCli(['validate', '--root', missing], { cwd: root });
    const elsewhere = await runCli(['validate', 'schemas'], { cwd: root });
    const top = await runCli(['validate', '.'], { cwd: root });

    expect([noRoot.code, noRoot.stderr.split('\n')[0]]).toEqual([
      2,
      `packet: --root ${missing} is not a folder`,
    ]);
    expect([elsewhere.code, elsewhere.stderr.split('\n')[0]]).toEqual([
      2,
      'packet: schemas is not under packets/, so it holds no packet',
    ]);
    expect(top).toMatchObject({ code: 0, stdout: '3 packets, 3 valid, 0 errors' });
  });

  it('exits 2 for an unknown option or format', async () => {
    const root = copyOfExamples();
    expect((await runCli(['validate', '--fast'], { cwd: root })).code).toBe(2);
    expect((await runCli(['validate', '--format', 'xml'], { cwd: root })).code).toBe(2);
    expect((await runCli(['frobnicate'], { cwd: root })).code).toBe(2);
  });

  it('reports a symlinked packet as a finding and checks the rest', async () => {
    const root = copyOfExamples();
    symlinkSync(
      '/etc/hostname',
      path.join(root, 'packets/ml-platform/EXC-2026-11-09-ML-PLATFORM.yaml'),
    );
    const run = await runCli(['validate'], { cwd: root });
    expect(run.code).toBe(1);
    expect(run.stdout).toContain('EXC-2026-11-09-ML-PLATFORM.yaml:1:1 FILE_SYMLINK');
    expect(run.stdout).toContain('4 packets, 3 valid, 1 error');
  });

  it('exits 2 in a folder with no packets/, rather than passing having checked nothing', async () => {
    const cwd = tempDir({ 'notes.txt': 'not a packet repository\n' });

    const run = await runCli(['validate'], { cwd });

    expect(run.code).toBe(2);
    expect(run.stderr.split('\n')[0]).toBe(
      `packet: ${cwd} has no packets/ folder, so there is nothing to check`,
    );
  });

  it('counts an empty packets folder as zero packets, not an error', async () => {
    const run = await runCli(['validate'], { cwd: tempDir({ 'packets/.keep': '' }) });
    expect(run).toMatchObject({ code: 0, stdout: '0 packets, 0 valid, 0 errors' });
  });

  it('prints help with an example', async () => {
    const run = await runCli(['validate', '--help'], { cwd: REPO_ROOT });
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('Example');
  });
});

describe('the packet bin', () => {
  it('runs from the build with the exit code of the result', () => {
    const bin = path.join(REPO_ROOT, 'dist/scripts/cli/packet.cjs');
    const ok = execFileSync(process.execPath, [bin, 'validate'], {
      cwd: REPO_ROOT,
      encoding: 'utf8',
    });
    expect(ok.trim()).toBe('3 packets, 3 valid, 0 errors');

    const root = copyOfExamples();
    const file = path.join(root, ML);
    writeFileSync(file, readFileSync(file, 'utf8').replace("'1800.00'", "'1800.01'"));
    const failed = spawnSync(process.execPath, [bin, 'validate'], { cwd: root, encoding: 'utf8' });
    expect(failed.status).toBe(1);
    expect(failed.stdout).toContain('OVERAGE_MISMATCH');
  });
});

describe('packet validate on files that are not plain files', () => {
  it('reports a FIFO named like a packet instead of waiting on it', async () => {
    const root = copyOfExamples();
    const fifo = path.join(root, 'packets/search/EXC-2026-12-09-SEARCH.yaml');
    execFileSync('mkfifo', [fifo]);
    const run = await runCli(['validate', 'packets/search/EXC-2026-12-09-SEARCH.yaml'], {
      cwd: root,
    });
    expect(run.code).toBe(1);
    expect(run.stdout).toContain('EXC-2026-12-09-SEARCH.yaml:1:1 FILE_NOT_REGULAR');
  });

  it('leaves out of the whole repository what git could never commit', async () => {
    const root = copyOfExamples();
    execFileSync('mkfifo', [path.join(root, 'packets/search/EXC-2026-12-09-SEARCH.yaml')]);
    // A plain folder named .git holding a copy of a packet: git never looks inside one.
    const inside = path.join(root, 'packets/search/.git');
    mkdirSync(inside);
    cpSync(
      path.join(root, 'packets/search/EXC-2026-12-04-SEARCH.yaml'),
      path.join(inside, 'dup.yaml'),
    );
    const run = await runCli(['validate'], { cwd: root });
    expect(run.stdout).toContain('3 packets, 3 valid, 0 errors');
    expect(run.code).toBe(0);
  });
});

describe('packet validate on an export that is a symlink loop', () => {
  it('reports the packet citing it and still checks the others', async () => {
    const root = copyOfExamples();
    const evidence = path.join(root, 'packets/search/evidence/anthropic-cost-report-2026-11.json');
    rmSync(evidence);
    symlinkSync(evidence, evidence);
    const run = await runCli(['validate', '--no-cache'], { cwd: root });
    expect(run.code).toBe(1);
    expect(run.stdout).toContain('EVIDENCE_MISSING');
    expect(run.stdout).toContain('3 packets, 2 valid, 1 error');
  });
});
