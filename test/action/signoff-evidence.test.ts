import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { pullRequestEvent } from '../../scripts/dev/github-stand-in/events.js';
import type { RepoState } from '../../scripts/dev/github-stand-in/repo-state.js';
import { startGitHubApi, type GitHubApi } from '../../scripts/dev/github-stand-in/server.js';
import {
  approval,
  BASE,
  EVIDENCE,
  evidenceText,
  FIRST,
  PACKET,
  packetText,
  scenario,
} from '../support/open-pull-scenario.js';
import { buildDist, runEntry } from '../../scripts/dev/github-stand-in/run-entry.js';

/** The PR with both approvals on FIRST, with `change` applied to the served commits. */
function approvedWith(change: (state: RepoState) => void): RepoState {
  const state = scenario(FIRST, [approval('mia', FIRST), approval('fiona', FIRST)]);
  change(state);
  return state;
}

/** Codes of the error annotations the run wrote on the packet. */
function annotatedCodes(stdout: string): string[] {
  const codes = [...stdout.matchAll(/^::error title=(\w+),file=([^,]+),/gm)]
    .filter((m) => m[2] === PACKET)
    .map((m) => m[1]!);
  return [...new Set(codes)].sort();
}

describe('evidence checked inside the sign-off gate', () => {
  let api: GitHubApi | undefined;

  beforeAll(buildDist, 120_000);
  afterEach(async () => {
    await api?.close();
    api = undefined;
  });

  it('reads the cited export at the head through the API and passes when it matches', async () => {
    api = await startGitHubApi(approvedWith(() => {}));

    const run = await runEntry(api, 'pull_request_target', pullRequestEvent(api.state, 'opened'));

    expect(run.exitCode).toBe(0);
    const reads = api.requests.filter((r) => r.path.endsWith(EVIDENCE));
    expect(reads.some((r) => r.query.ref === FIRST)).toBe(true);
    expect(api.violations).toEqual([]);
  });

  it.each([
    {
      name: 'the export was edited after its hash was written',
      change: (s: RepoState) => {
        s.commits[FIRST]![EVIDENCE] =
          evidenceText.replace(/\n$/, '\n') + evidenceText.split('\n')[1] + '\n';
      },
      // The figures are recomputed from the bytes too: the doubled row shows in the totals.
      codes: ['EVIDENCE_HASH_MISMATCH', 'EVIDENCE_SEGMENT_MISMATCH', 'EVIDENCE_TOTAL_MISMATCH'],
    },
    {
      name: 'the export is not in the head commit',
      change: (s: RepoState) => {
        delete s.commits[FIRST]![EVIDENCE];
      },
      codes: ['EVIDENCE_MISSING'],
    },
    {
      name: 'the packet cites a path that climbs out of the repository',
      change: (s: RepoState) => {
        s.commits[FIRST]![PACKET] = packetText.replace(`path: ${EVIDENCE}`, 'path: ../secrets.csv');
      },
      codes: ['EVIDENCE_OUTSIDE_REPO'],
    },
    {
      name: 'the base has no allocation config, whatever the head holds',
      change: (s: RepoState) => {
        s.commits[FIRST]!['.github/packet-allocation.yml'] =
          s.commits[BASE]!['.github/packet-allocation.yml']!;
        delete s.commits[BASE]!['.github/packet-allocation.yml'];
      },
      codes: ['EVIDENCE_OWNERSHIP_WITHOUT_MAPPING', 'EVIDENCE_SEGMENT_MISSING'],
    },
  ])('fails closed with a finding when $name', async ({ change, codes }) => {
    api = await startGitHubApi(approvedWith(change));

    const run = await runEntry(api, 'pull_request_target', pullRequestEvent(api.state, 'opened'));

    expect(run.exitCode).toBe(1);
    expect(annotatedCodes(run.stdout)).toEqual(codes);
    expect(api.state.checkRuns[0]?.conclusion).toBe('failure');
    expect(api.requests.some((r) => r.path.includes('secrets.csv'))).toBe(false);
    expect(api.violations).toEqual([]);
  });
});
