/**
 * One run of the sign-off gate as the workflow runs it: the built entry point in a child
 * process with the runner's environment and the event's payload, against the stand-in. The
 * same evaluation is done in-process too, through the same API, for the terminal table.
 */
import path from 'node:path';
import { gatherSignoffInput } from '../action/gather-signoff-input.js';
import { renderVerdictText } from '../core/render/verdict-text.js';
import { evaluateSignoff } from '../core/signoff/evaluate.js';
import type { Verdict } from '../core/signoff/types.js';
import { pullRequestEvent, reviewEvent } from '../dev/github-stand-in/events.js';
import type { SeedReview } from '../dev/github-stand-in/repo-state.js';
import { runEntry } from '../dev/github-stand-in/run-entry.js';
import { createGitHubClient } from '../io/github.js';
import type { DemoPull } from './pull-request.js';

/** What starts the run: a pull request action, or a submitted review. */
export type GateEvent = { action: 'opened' | 'synchronize' } | { review: SeedReview };

export interface GateOutcome {
  /** The step's exit code: 0 when the sign-off passed. */
  exitCode: number;
  /** The conclusion of the `packet-signoff` check run on the head, as published. */
  conclusion: string | null;
  verdict: Verdict;
  /** Groups still waiting, over every packet, in the verdict's order. */
  waiting: string[];
  /** The verdict as `packet signoff` prints it. */
  table: string;
  stdout: string;
}

/** Runs `dist/scripts/action/signoff.js` for `event`, then reads back what it published. */
export async function runGate(
  codeRoot: string,
  pull: DemoPull,
  event: GateEvent,
): Promise<GateOutcome> {
  const { api } = pull;
  const [name, payload] =
    'review' in event
      ? ['pull_request_review', reviewEvent(api.state, event.review)]
      : ['pull_request_target', pullRequestEvent(api.state, event.action)];
  const entry = path.join(codeRoot, 'dist/scripts/action/signoff.js');
  const run = await runEntry(api, name, payload, { entry });

  const head = api.state.pull.headSha;
  const check = api.state.checkRuns.find((r) => r.headSha === head && r.name === 'packet-signoff');
  const verdict = await evaluate(pull);
  const waiting = verdict.packets.flatMap((p) => p.groups.filter((g) => !g.satisfied));
  return {
    exitCode: run.exitCode,
    conclusion: check?.conclusion ?? null,
    verdict,
    waiting: [...new Set(waiting.map((g) => g.group))],
    table: renderVerdictText(verdict),
    stdout: run.stdout,
  };
}

async function evaluate(pull: DemoPull): Promise<Verdict> {
  const { api } = pull;
  const client = createGitHubClient(api.state.token, api.url);
  const repo = { owner: api.state.owner, repo: api.state.repo };
  const quiet = { info: () => {}, warning: () => {} };
  return evaluateSignoff(await gatherSignoffInput(client, repo, api.state.pull.number, quiet));
}
