/**
 * Puts a draft on the owner's branch for the period and keeps one draft pull request for it:
 * the branch is made from the default branch's head when missing, the evidence and the packet
 * are committed with the contents API (only when their bytes change), and the pull request is
 * opened as a draft with the owner's team asked for review, or has its body brought up to date.
 * A packet a person has edited on the branch is never overwritten.
 */
import { readFile } from 'node:fs/promises';
import type { DraftIntake } from '../core/lifecycle/alert-intake.js';
import {
  alertRecord,
  renderPullBody,
  withAlert,
  type PullBodyState,
} from '../core/lifecycle/alert-pull-body.js';
import type { PreparedDraft } from '../cli/new-draft.js';
import { markedFields } from '../cli/new-report.js';
import { gitBlobId } from '../io/git-blobs.js';
import { readFileAt } from '../io/github.js';
import {
  branchHead,
  createBranch,
  openDraftPull,
  putFile,
  requestTeamReview,
  updatePull,
  type OpenPull,
} from '../io/github-branch.js';
import type { AlertRunContext } from './alert-run.js';

export interface PublishRequest {
  intake: DraftIntake;
  draft: PreparedDraft;
  existing: OpenPull | undefined;
  state: PullBodyState | undefined;
  /** The owner's team slug, when the policy names one. */
  team: string | undefined;
}

export interface Published {
  pull: number;
  url: string;
  branch: string;
  packetPath: string;
  /** Paths committed by this run. */
  committed: string[];
  /** A person had edited the packet, so no file was changed. */
  keptEdits: boolean;
}

/** Publishes the draft; returns what was done. */
export async function publishDraft(
  context: AlertRunContext,
  request: PublishRequest,
): Promise<Published> {
  const { client, repo, log } = context;
  const { intake, draft, existing, state } = request;
  const branch = intake.branch;

  // Step 1: the branch.
  if ((await branchHead(client, repo, branch)) === undefined) {
    const base = await branchHead(client, repo, context.defaultBranch);
    if (base === undefined) throw new Error(`the default branch ${context.defaultBranch} is gone`);
    await createBranch(client, repo, branch, base);
    log.info(`Created ${branch} from ${context.defaultBranch} at ${base.slice(0, 7)}.`);
  }

  // Step 2: the files, unless a person has taken the packet over.
  const packetBytes = new TextEncoder().encode(draft.text);
  const onBranch = await readFileAt(client, repo, draft.packetPath, branch);
  const keptEdits =
    existing !== undefined && onBranch !== undefined && onBranch.blobId !== state?.draftBlob;
  const committed: string[] = [];
  if (keptEdits) {
    log.warning(`${draft.packetPath} was edited on ${branch}; the alert leaves the files alone.`);
  } else {
    const evidence = new Uint8Array(await readFile(draft.exportFile));
    const message = `Draft ${intake.owner} ${intake.month} from budget alert ${intake.key}`;
    for (const [file, bytes] of [
      [draft.evidencePath, evidence],
      [draft.packetPath, packetBytes],
    ] as const) {
      const current = await readFileAt(client, repo, file, branch);
      if (current?.blobId === gitBlobId(bytes)) continue;
      const replacing = current === undefined ? {} : { replacing: current.blobId };
      await putFile(client, repo, { path: file, bytes, branch, message, ...replacing });
      committed.push(file);
    }
  }

  // Step 3: the body, which remembers the draft as written and every alert seen.
  const body = renderPullBody({
    owner: intake.owner,
    periodStart: intake.alert.periodStart,
    periodEnd: intake.alert.periodEnd,
    packetPath: draft.packetPath,
    draftBlob: keptEdits ? (state?.draftBlob ?? '') : gitBlobId(packetBytes),
    alerts: withAlert(state?.alerts ?? [], alertRecord(intake.key, intake.alert)),
    exportPath: intake.source.export,
    evidencePath: draft.evidencePath,
    todoFields: todoFields(keptEdits ? onBranch?.bytes : packetBytes),
    keptEdits,
  });

  // Step 4: one pull request per branch.
  let pull: OpenPull;
  if (existing === undefined) {
    pull = await openDraftPull(client, repo, {
      head: branch,
      base: context.defaultBranch,
      title: intake.title,
      body,
    });
    log.info(`Opened draft pull request #${pull.number}.`);
    if (request.team !== undefined) {
      const asked = await requestTeamReview(client, repo, pull.number, [request.team]);
      if (!asked.requested) {
        log.warning(`Could not request review from ${request.team}: ${asked.message}`);
      }
    }
  } else {
    pull = existing;
    await updatePull(client, repo, existing.number, { title: intake.title, body });
    log.info(`Updated pull request #${existing.number}.`);
  }
  return {
    pull: pull.number,
    url: pull.htmlUrl,
    branch,
    packetPath: draft.packetPath,
    committed,
    keptEdits,
  };
}

/** The fields still marked in the packet; none when a person's edit left it unreadable. */
function todoFields(bytes: Uint8Array | undefined): string[] {
  if (bytes === undefined) return [];
  try {
    return markedFields(new TextDecoder().decode(bytes));
  } catch {
    return [];
  }
}
