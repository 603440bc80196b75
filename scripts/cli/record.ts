/**
 * `packet record --plan decision.json [--remote origin] [--branch main] [--via push]`: writes a
 * decision on the remote branch the way the workflow does, for a run that must be repeated by
 * hand. The plan is the JSON the workflow logs: PR number, decided commit and time, packets with
 * approvals. `--via pull-request` pushes the record to `record/pr-<N>` instead.
 */
import { readFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';

import { UsageError } from '../core/errors.js';
import { recordDecision, type DecisionPlan } from '../io/git-record.js';
import { EXIT, type CommandIo } from './io.js';

type PlanFile = Pick<
  DecisionPlan,
  'decision' | 'pullRequest' | 'decidedCommit' | 'decidedAt' | 'packets'
>;

/** Runs the record command; returns the exit code. */
export async function runRecord(argv: readonly string[], io: CommandIo): Promise<number> {
  const { values } = parseArgs({
    args: [...argv],
    options: {
      plan: { type: 'string' },
      remote: { type: 'string', default: 'origin' },
      branch: { type: 'string', default: 'main' },
      name: { type: 'string', default: 'packet-recorder' },
      email: { type: 'string', default: 'packet-recorder@users.noreply.invalid' },
      via: { type: 'string', default: 'push' },
    },
  });
  const via = values.via;
  if (via !== 'push' && via !== 'pull-request')
    throw new UsageError(
      `--via is ${JSON.stringify(via)}`,
      'use push (the default) or pull-request',
    );
  if (values.plan === undefined)
    throw new UsageError('--plan is required', 'pass the decision JSON the workflow logged');
  const plan = await readPlan(resolve(io.cwd, values.plan));

  const outcome = await recordDecision({
    ...plan,
    dir: io.cwd,
    remote: values.remote,
    branch: values.branch,
    committer: { name: values.name, email: values.email },
    via,
  });
  for (const c of outcome.commits) io.stdout(`recorded ${c}`);
  if (via === 'pull-request' && outcome.pushedTo !== undefined) {
    io.stdout(`pushed to ${outcome.pushedTo}: open a pull request from it into ${values.branch}`);
    io.stdout('and merge it with a squash, keeping the commit message (its trailers)');
  }
  for (const s of outcome.skipped) io.stdout(`${s.code}: ${s.message}`);
  return EXIT.ok;
}

async function readPlan(path: string): Promise<PlanFile> {
  const text = await readFile(path, 'utf8').catch(() => {
    throw new UsageError(`cannot read ${path}`, 'check the --plan path');
  });
  let data: Partial<PlanFile> | null;
  try {
    data = JSON.parse(text) as Partial<PlanFile> | null;
  } catch (error) {
    throw new UsageError(
      `${path} is not JSON: ${(error as Error).message.replace(/\s+/g, ' ')}`,
      'pass the decision JSON the record workflow logged, unchanged',
    );
  }
  const ok =
    typeof data === 'object' &&
    data !== null &&
    (data.decision === 'approved' || data.decision === 'denied') &&
    Number.isInteger(data.pullRequest) &&
    typeof data.decidedCommit === 'string' &&
    /^[0-9a-f]{40}$/.test(data.decidedCommit) &&
    typeof data.decidedAt === 'string' &&
    Array.isArray(data.packets);
  if (!ok)
    throw new UsageError(
      `${path} is not a decision plan`,
      'it needs decision, pullRequest, decidedCommit, decidedAt and packets',
    );
  return data as PlanFile;
}
