/**
 * A command whose reader goes away (`packet validate | head -1`, a pager quit early): it must
 * still do all of its work and exit with its own code, only without printing. Real CLI runs
 * whose stdout pipe the test closes.
 */
import { execFileSync, spawn } from 'node:child_process';
import { copyFileSync, existsSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { newScenario, writeApprovedPlan } from '../cli/audit-scenario.js';
import { REPO_ROOT } from '../support/paths.js';
import { copyOfExamples, tempDir } from '../support/temp-dir.js';

const BIN = path.join(REPO_ROOT, 'dist/scripts/cli/packet.cjs');

/**
 * Runs the CLI, reads `keep` bytes of its stdout (0: none) and then closes the pipe; resolves
 * with the exit code once it ends.
 */
function runWithReaderGone(args: string[], cwd: string, keep: number): Promise<number | null> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [BIN, ...args], {
      cwd,
      env: { ...process.env, PACKET_CACHE_DIR: path.join(cwd, '.cache') },
      stdio: ['ignore', 'pipe', 'ignore'],
    });
    let read = 0;
    if (keep === 0) child.stdout.destroy();
    else {
      child.stdout.on('data', (chunk: Buffer) => {
        read += chunk.length;
        if (read >= keep) child.stdout.destroy();
      });
    }
    child.on('error', reject);
    child.on('close', (code) => resolve(code));
  });
}

describe('a command whose output reader is gone', () => {
  it('packet new still writes the draft and its evidence', async () => {
    const root = copyOfExamples();
    const exportFile = path.join(tempDir(), 'focus-test.csv');
    copyFileSync(path.join(root, 'packets/ml-platform/evidence/focus-2026-11.csv'), exportFile);
    // The shipped packet files this export already, and packet new would refuse to file it twice.
    rmSync(path.join(root, 'packets/ml-platform/EXC-2026-12-02-ML-PLATFORM.yaml'));
    const args = ['new', '--export', exportFile, '--owner', 'ml-platform', '--budget', '1.00'];

    const code = await runWithReaderGone(
      [...args, '--period', '2026-11', '--today', '2026-12-09'],
      root,
      0,
    );

    expect(code).toBe(0);
    expect(existsSync(path.join(root, 'packets/ml-platform/EXC-2026-12-09-ML-PLATFORM.yaml'))).toBe(
      true,
    );
    expect(existsSync(path.join(root, 'packets/ml-platform/evidence/focus-test.csv'))).toBe(true);
  });

  it('packet validate still exits 1 on findings when the reader stops after the first line', async () => {
    const root = copyOfExamples();
    execFileSync('git', ['init', '-q'], { cwd: root });
    // Enough findings to fill the pipe: the writes past its buffer meet the closed end.
    for (let i = 0; i < 400; i++) {
      writeFileSync(path.join(root, `packets/search/bad-${i}.yaml`), 'exception_packet_id: x\n');
    }

    for (const format of ['text', 'json']) {
      expect(await runWithReaderGone(['validate', '--format', format], root, 1), format).toBe(1);
    }
  });

  it('packet record still records and pushes to the remote', async () => {
    const scenario = newScenario();
    try {
      const file = writeApprovedPlan(scenario);
      const before = scenario.remote.git('rev-parse', 'main').trim();

      const code = await runWithReaderGone(['record', '--plan', file], scenario.runner.dir, 0);

      expect(code).toBe(0);
      expect(scenario.remote.git('rev-parse', 'main^').trim()).toBe(before);
      expect(scenario.remote.git('log', '-1', '--format=%B', 'main')).toContain(
        'Record approval of',
      );
    } finally {
      scenario.cleanup();
    }
  });
});
