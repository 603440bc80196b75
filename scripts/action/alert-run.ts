/**
 * One budget alert, start to end: read it, decide what it asks for, and for an alert that
 * files a packet, draft the packet from the export the `budgets:` mapping names exactly as
 * `packet new` drafts it, then publish it on the owner's branch for the period.
 */
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { UsageError } from '../core/errors.js';
import { decideAlertIntake, type DraftIntake } from '../core/lifecycle/alert-intake.js';
import { readAlertPayload } from '../core/lifecycle/alert-payload.js';
import { POLICY_PATH } from '../core/ownership/gate-paths.js';
import { parsePolicy } from '../core/ownership/policy.js';
import { prepareDraft, type PreparedDraft } from '../cli/new-draft.js';
import type { CommandIo } from '../cli/io.js';
import { loadAllocation, resolveEvidencePath } from '../io/evidence.js';
import type { GitHubClient, RepoRef } from '../io/github.js';
import { findOpenPull } from '../io/github-branch.js';
import { parsePullBody } from '../core/lifecycle/alert-pull-body.js';
import { recordForecastInReminder } from './alert-forecast.js';
import { publishDraft, type Published } from './alert-publish.js';
import { ownValue } from '../core/own-value.js';

export interface AlertRunContext {
  client: GitHubClient;
  repo: RepoRef;
  /** The checkout of the default branch: allocation config, policy and the export. */
  workspace: string;
  defaultBranch: string;
  /** The runner's date, YYYY-MM-DD: the month of an alert that names none, the filing date. */
  today: string;
  log: { info: (text: string) => void; warning: (text: string) => void };
}

export type AlertOutcome =
  | { action: 'quiet' | 'forecast'; key: string; message: string }
  | ({ action: 'opened' | 'updated'; key: string } & Published);

/** Handles the alert in `payloadText`; throws UsageError for anything the sender must fix. */
export async function runAlertIntake(
  payloadText: string,
  context: AlertRunContext,
): Promise<AlertOutcome> {
  const { workspace, log } = context;

  // Step 1: the mapping, then the decision.
  const allocation = await loadAllocation(workspace);
  const broken = allocation.findings.find((finding) => finding.severity === 'error');
  if (broken !== undefined) {
    throw new UsageError(
      `${broken.file}:${broken.line}: ${broken.code} ${broken.message}`,
      'Fix the allocation config on the default branch, then send the alert again.',
    );
  }
  const intake = decideAlertIntake(
    readAlertPayload(payloadText, context.today),
    allocation.config.budgets,
  );
  if (intake.kind === 'problem') {
    const { code, path: at, message } = intake.problem;
    throw new UsageError(`${at}: ${code} ${message}`, 'Nothing was opened; see docs/alerts.md.');
  }
  if (intake.kind === 'quiet') return { action: 'quiet', key: intake.key, message: intake.message };
  if (intake.kind === 'forecast') {
    const { alert } = intake;
    const recorded = await recordForecastInReminder(
      context.client,
      context.repo,
      intake,
      context.today,
    );
    const message = `forecast for ${intake.owner} ${intake.month}: budget ${alert.budgetName} ${alert.budget} ${alert.currency} is forecast to cross ${alert.threshold}; nothing is filed until the cost crosses it; listed in reminder issue #${recorded.issue} (${recorded.step})`;
    return { action: 'forecast', key: intake.key, message };
  }

  // Step 2: the open pull request for the branch, if any, fixes the packet's filing date.
  const existing = await findOpenPull(context.client, context.repo, intake.branch);
  const state = existing === undefined ? undefined : parsePullBody(existing.body);
  const filedOn = /EXC-(\d{4}-\d{2}-\d{2})-/.exec(state?.packetPath ?? '')?.[1] ?? context.today;
  log.info(
    existing === undefined
      ? `No open pull request for ${intake.branch}: a draft will be opened.`
      : `Pull request #${existing.number} holds ${intake.branch}: it will be updated.`,
  );

  // Step 3: the draft, through the same code as `packet new`.
  const draft = await draftFor(intake, workspace, filedOn, log);
  const policy = await readFile(path.join(workspace, POLICY_PATH), 'utf8').then(
    (text) => parsePolicy(text, POLICY_PATH).policy,
    () => undefined,
  );
  const team = ownValue(policy?.groups, intake.owner)?.team?.split('/')[1];
  if (team === undefined) {
    log.warning(`The policy names no team for ${intake.owner}; no review will be requested.`);
  }

  // Step 4: the branch, its files and the pull request.
  const published = await publishDraft(context, { intake, draft, existing, state, team });
  return { action: existing === undefined ? 'opened' : 'updated', key: intake.key, ...published };
}

async function draftFor(
  intake: DraftIntake,
  workspace: string,
  today: string,
  log: AlertRunContext['log'],
): Promise<PreparedDraft> {
  const { source } = intake;
  const found = await resolveEvidencePath(workspace, source.export);
  if ('code' in found) {
    throw new UsageError(
      `budgets: ${JSON.stringify(intake.alert.budgetName)} export: ${found.code} ${found.message}`,
      'Commit the export at that path on the default branch, or correct budgets: in .github/packet-allocation.yml.',
    );
  }

  const lines: string[] = [];
  const io: CommandIo = {
    cwd: workspace,
    env: {},
    stdout: (text) => log.info(text),
    stderr: (text) => lines.push(text),
    isTTY: false,
  };
  const options = {
    help: false,
    exportFile: source.export,
    owner: intake.owner,
    costColumn: source.cost_column ?? 'BilledCost',
    ...(source.format === undefined ? {} : { format: source.format }),
    ...(source.mapping === undefined ? {} : { format: 'csv' as const, mapping: source.mapping }),
    ...(source.provider === undefined ? {} : { provider: source.provider }),
  };
  const draft = await prepareDraft(
    { options, root: workspace, today, readAlert: () => Promise.resolve(intake.budgetAlert) },
    io,
  );
  if (typeof draft === 'number') {
    throw new UsageError(
      `No draft packet for ${intake.owner} ${intake.month}:\n${lines.join('\n')}`,
      `Nothing was opened. Fix or refresh ${source.export}, then send the alert again.`,
    );
  }
  return draft;
}
