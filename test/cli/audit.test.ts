import { afterEach, describe, expect, it } from 'vitest';
import { runAudit } from '../../scripts/cli/audit.js';
import type { CommandIo } from '../../scripts/cli/io.js';
import { UsageError } from '../../scripts/core/errors.js';
import { tempDir } from '../support/temp-dir.js';

import { readPacketData } from '../../scripts/core/history/packet-yaml.js';
import { EVIDENCE_PATH, PACKET_ID, PACKET_PATH } from '../core/history/fixture.js';
import { approvedPacket, audit, newScenario, type Scenario } from './audit-scenario.js';

let s: Scenario;
afterEach(() => s?.cleanup());

describe('packet audit on a recorded approval', () => {
  it('ends approved on main with both approvers and trailers, and audits clean', async () => {
    s = newScenario();
    const { head, merge } = await approvedPacket(s);

    const data = readPacketData(s.work.git('show', `HEAD:${PACKET_PATH}`))!;
    expect(data.packet_status).toBe('approved');
    expect(data.approver_name).toBe(
      'Ada Lovelace (@org/ml-platform); Bob | Finance; EU (@org/finance)',
    );
    expect(data.approval_record).toMatchObject({
      pull_request: 7,
      decided_commit: merge,
      version: 1,
    });
    const trailers = s.work.git('log', '-1', '--format=%(trailers:only,unfold)').trimEnd();
    expect(trailers).toBe(
      [
        'Approved-by: Ada Lovelace <ada> (@org/ml-platform)',
        `Reviewed-commit: ${head}`,
        'Approved-by: Bob | Finance; EU <fin-bob> (@org/finance)',
        `Reviewed-commit: ${head}`,
        'Pull-request: #7',
        `Packet: ${PACKET_ID}`,
        `Decided-commit: ${merge}`,
        'Packet-version: 1',
      ].join('\n'),
    );

    const { code, report } = await audit(s.work.dir);
    expect(report.packets.map((p) => [p.packetId, p.result, p.findings])).toEqual([
      [PACKET_ID, 'clean', []],
    ]);
    expect(report.packets[0]!.timeline.map((t) => t.event)).toEqual(['filed', 'approved']);
    expect(code).toBe(0);
  });

  it('fails naming the commit when the packet is edited on main without approval', async () => {
    s = newScenario();
    await approvedPacket(s);
    const text = s.work.git('show', `HEAD:${PACKET_PATH}`).replace('"234.56"', '"34.56"');
    const edit = s.work.commit('Tweak overage | quietly;\nsecond line', { [PACKET_PATH]: text });

    const { code, report } = await audit(s.work.dir);
    expect(code).toBe(1);
    expect(report.packets[0]!.result).toBe('failed');
    expect(report.packets[0]!.findings.map((f) => [f.code, f.commit, f.file])).toEqual([
      ['CHANGED_AFTER_APPROVAL', edit, PACKET_PATH],
    ]);
    expect(report.packets[0]!.timeline.at(-1)).toMatchObject({ event: 'changed', commit: edit });
  });

  it('fails naming the commit when an evidence file is swapped', async () => {
    s = newScenario();
    await approvedPacket(s);
    const swap = s.work.commit('Refresh export', {
      [EVIDENCE_PATH]: '{"object":"page","data":[1]}\n',
    });

    const { code, report } = await audit(s.work.dir);
    expect(code).toBe(1);
    expect(report.packets[0]!.findings.map((f) => [f.code, f.commit, f.file])).toEqual([
      ['CHANGED_AFTER_APPROVAL', swap, EVIDENCE_PATH],
      ['EVIDENCE_BLOB_MISMATCH', swap, EVIDENCE_PATH],
    ]);
  });
});

describe('packet audit outside a git repository', () => {
  it('is a usage error that says where to run it', async () => {
    const cwd = tempDir({ 'packets/.keep': '' });
    const io: CommandIo = { cwd, env: {}, stdout: () => {}, stderr: () => {}, isTTY: false };

    const refused = runAudit([], io);

    await expect(refused).rejects.toThrow(UsageError);
    await expect(refused).rejects.toThrow(`${cwd} is not in a git repository`);
  });
});

describe('packet audit given what it cannot audit', () => {
  async function refusal(args: string[]) {
    s = newScenario();
    await approvedPacket(s);
    const io: CommandIo = {
      cwd: s.work.dir,
      env: {},
      stdout: () => {},
      stderr: () => {},
      isTTY: false,
    };
    return runAudit(args, io);
  }

  it('refuses a ref that names no commit, rather than audit no history and pass', async () => {
    const refused = refusal(['--ref', 'no-such-branch']);

    await expect(refused).rejects.toThrow(UsageError);
    await expect(refused).rejects.toThrow('--ref no-such-branch names no commit');
  });

  it('refuses a --today that is no calendar date', async () => {
    const refused = refusal(['--today', '2026-13-45']);

    await expect(refused).rejects.toThrow(UsageError);
    await expect(refused).rejects.toThrow('--today must be a calendar date YYYY-MM-DD');
  });
});
