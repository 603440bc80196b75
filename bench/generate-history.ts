/**
 * The audit benchmark's repository: `packets` recorded packets streamed into `git fast-import`,
 * four first-parent commits each (a merge that files the packet and its evidence, the recording
 * commit written by the product's own recorder core, and two unrelated commits), plus the PR
 * branch commit behind each merge.
 */
import { execFileSync, spawn } from 'node:child_process';
import { createHash } from 'node:crypto';

import { recordApproval } from '../scripts/core/history/record-approval.js';
import { formatRecordMessage } from '../scripts/core/history/trailers.js';

/** Git's blob id of a text, computed the way git does, so records can name it before import. */
function blobId(text: string): string {
  const bytes = Buffer.from(text);
  return createHash('sha1').update(`blob ${bytes.length}\0`).update(bytes).digest('hex');
}

/** A packet in the plain block style `packet new` writes, citing `evidence` by its sha256. */
function packetText(i: number, evidence: string): string {
  const owner = `team-${i % 200}`;
  const id = `EXC-2026-11-03-T${String(i).padStart(5, '0')}`;
  return [
    `exception_packet_id: ${id}`,
    'review_period_start: 2026-10-01',
    'review_period_end: 2026-10-31',
    'api_provider: OpenAI',
    'currency: USD',
    'cost_column: BilledCost',
    'billed_total: "1234.56"',
    'budget_amount: "1000.00"',
    'overage_amount: "234.56"',
    'overage_pct_above_threshold: "23.46"',
    'evidence:',
    `  - path: packets/${owner}/evidence/${id}.json`,
    `    sha256: ${createHash('sha256').update(evidence).digest('hex')}`,
    '    format: openai',
    'segments:',
    '  - label: all',
    '    amount: "1234.56"',
    `    owner: ${owner}`,
    'business_justification: Generated for the benchmark.',
    `allocation_owner: ${owner}`,
    'approver_name: PENDING',
    'approved_at: PENDING',
    'corrective_action: none',
    'corrective_action_target_date: 2027-12-15',
    'next_review_date: 2027-12-01',
    'packet_status: pending_approval',
    '',
  ].join('\n');
}

/** Streams a history of `packets` recorded packets into `git fast-import`, asking it for each merge's id as it goes. */
export async function generateHistory(dir: string, packets: number): Promise<void> {
  execFileSync('git', ['init', '-q', '-b', 'main', dir]);
  const child = spawn('git', ['fast-import', '--quiet', '--cat-blob-fd=1', '--done'], { cwd: dir });
  const lines: string[] = [];
  let waiting: ((line: string) => void) | undefined;
  let buffer = '';
  child.stdout.setEncoding('utf8');
  child.stdout.on('data', (chunk: string) => {
    buffer += chunk;
    for (let nl = buffer.indexOf('\n'); nl >= 0; nl = buffer.indexOf('\n')) {
      const line = buffer.slice(0, nl);
      buffer = buffer.slice(nl + 1);
      if (waiting) {
        const w = waiting;
        waiting = undefined;
        w(line);
      } else lines.push(line);
    }
  });
  const send = (text: string): boolean => child.stdin.write(text);
  const data = (text: string): string => `data ${Buffer.byteLength(text)}\n${text}\n`;
  const ask = (mark: number): Promise<string> =>
    new Promise((resolve) => {
      if (lines.length > 0) return resolve(lines.shift()!);
      waiting = resolve;
      send(`get-mark :${mark}\n`);
    });

  let mark = 0;
  let tip: number;
  let time = 1_790_000_000;
  const commit = (
    ref: string,
    message: string,
    body: string,
    from: number,
    merge?: number,
  ): number => {
    mark += 1;
    time += 60;
    send(
      `commit ${ref}\nmark :${mark}\ncommitter Bench <bench@test.invalid> ${time} +0000\n${data(message)}` +
        (from > 0 ? `from :${from}\n` : '') +
        (merge === undefined ? '' : `merge :${merge}\n`) +
        body,
    );
    return mark;
  };

  // The repository's first commit, so even the first pull request lands as a two-parent merge.
  tip = commit(
    'refs/heads/main',
    'Start the packet repository',
    `M 100644 inline README.md\n${data('Packets.\n')}`,
    0,
  );

  for (let i = 0; i < packets; i += 1) {
    const owner = `team-${i % 200}`;
    const id = `EXC-2026-11-03-T${String(i).padStart(5, '0')}`;
    const path = `packets/${owner}/${id}.yaml`;
    const evidencePath = `packets/${owner}/evidence/${id}.json`;
    const evidence = `{"id":${i}}\n`;
    const text = packetText(i, evidence);
    const files = `M 100644 inline ${path}\n${data(text)}M 100644 inline ${evidencePath}\n${data(evidence)}`;

    // 1-2. A PR branch that files the packet, merged into main with a merge commit.
    const side = commit('refs/heads/pr', `File ${id}`, files, tip);
    tip = commit(
      'refs/heads/main',
      `Merge pull request #${i + 1} from example-org/file-${i + 1}`,
      files,
      tip,
      side,
    );
    const merge = await ask(tip);

    // 3. The recording commit, written by the product's own recorder core.
    const approvals = ['owner', 'finance'].map((group, k) => ({
      login: `user-${k}`,
      group,
      reviewed_commit: merge,
      submitted_at: '2026-11-04T09:00:00Z',
    }));
    const recorded = recordApproval(text, {
      pullRequest: i + 1,
      decidedCommit: merge,
      decidedAt: '2026-11-05T14:03:00Z',
      packetBlob: blobId(text),
      evidenceBlobs: { [evidencePath]: blobId(evidence) },
      approvals,
    });
    if (!recorded.ok) throw new Error(recorded.message);
    const message = formatRecordMessage({
      decision: 'approved',
      packetId: id,
      pullRequest: i + 1,
      decidedCommit: merge,
      version: 1,
      approvals: approvals.map((a) => ({
        name: a.login,
        login: a.login,
        group: a.group,
        reviewedCommit: merge,
      })),
    });
    tip = commit(
      'refs/heads/main',
      message,
      `M 100644 inline ${path}\n${data(recorded.text)}`,
      tip,
    );

    // 4-5. Unrelated work on main, so packets are a minority of the changes.
    for (const part of ['notes', 'guides']) {
      tip = commit(
        'refs/heads/main',
        `Update ${part} ${i}`,
        `M 100644 inline docs/${part}-${i % 50}.md\n${data(`${i}\n`)}`,
        tip,
      );
    }
  }
  send('done\n');
  child.stdin.end();
  await new Promise<void>((resolve, reject) =>
    child.on('close', (code) =>
      code === 0 ? resolve() : reject(new Error(`fast-import exited ${code}`)),
    ),
  );
  execFileSync('git', ['reset', '-q', '--hard', 'main'], { cwd: dir });
}
