import { afterEach, describe, expect, it } from 'vitest';

import { runLedger } from '../../scripts/cli/ledger.js';
import type { CommandIo } from '../../scripts/cli/io.js';
import { PACKET_PATH, PACKET_TEXT } from '../core/history/fixture.js';
import { createRepo, type TestRepo } from '../../scripts/dev/git-repo.js';

let repo: TestRepo;
afterEach(() => repo?.cleanup());

function io(dir: string): CommandIo & { err: string[] } {
  const err: string[] = [];
  return { cwd: dir, env: {}, stdout: () => {}, stderr: (t) => err.push(t), isTTY: false, err };
}

describe('packet ledger', () => {
  it('writes the ledger, passes --check, and fails --check once a packet changes', async () => {
    repo = createRepo();
    repo.write({ [PACKET_PATH]: PACKET_TEXT });
    expect(await runLedger(['--check'], io(repo.dir))).toBe(1);
    expect(await runLedger([], io(repo.dir))).toBe(0);
    expect(await runLedger(['--check'], io(repo.dir))).toBe(0);

    repo.write({ [PACKET_PATH]: PACKET_TEXT.replace('"234.56"', '"230.00"') });
    const stale = io(repo.dir);
    expect(await runLedger(['--check'], stale)).toBe(1);
    expect(stale.err.join('')).toMatch(/^LEDGER_STALE: /);
  });
});
