/**
 * An open pull request by alice that adds the ml-platform packet and its export, served by the
 * stand-in: the base commit holds the repository's own CODEOWNERS, policy and allocation.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { commitId } from '../../scripts/dev/github-stand-in/git-blob.js';
import {
  repoState,
  type RepoState,
  type SeedReview,
} from '../../scripts/dev/github-stand-in/repo-state.js';
import { REPO_ROOT as ROOT } from './paths.js';

export const PACKET = 'packets/ml-platform/EXC-2026-12-02-ML-PLATFORM.yaml';
export const EVIDENCE = 'packets/ml-platform/evidence/focus-2026-11.csv';
export const BASE = commitId('base');
export const FIRST = commitId('first push');
export const EDITED = commitId('push that edits the packet');
export const REBASED = commitId('rebase that keeps the packet');

// The repository's own gate files, served from the base commit.
const CODEOWNERS = readFileSync(path.join(ROOT, 'CODEOWNERS'), 'utf8');
const POLICY = readFileSync(path.join(ROOT, '.github/packet-policy.yml'), 'utf8');
const ALLOCATION = readFileSync(path.join(ROOT, '.github/packet-allocation.yml'), 'utf8');
export const packetText = readFileSync(path.join(ROOT, PACKET), 'utf8');
export const evidenceText = readFileSync(path.join(ROOT, EVIDENCE), 'utf8');

/** A PR by alice that adds the ml-platform packet; `head` picks which push is current. */
export function scenario(head: string, reviews: SeedReview[]): RepoState {
  const base: Record<string, string> = {
    CODEOWNERS: CODEOWNERS,
    '.github/packet-policy.yml': POLICY,
    '.github/packet-allocation.yml': ALLOCATION,
  };
  const added = { ...base, [PACKET]: packetText, [EVIDENCE]: evidenceText };
  const edited = {
    ...added,
    [PACKET]: packetText.replace('corrective_action:', 'corrective_action: '),
  };
  return repoState({
    owner: 'example-org',
    pull: { number: 42, author: { login: 'alice' }, headSha: head, baseSha: BASE },
    commits: {
      [BASE]: base,
      [FIRST]: added,
      [EDITED]: edited,
      [REBASED]: { ...added, 'README.md': 'rebased\n' },
    },
    files: [
      { filename: PACKET, status: 'added' },
      { filename: EVIDENCE, status: 'added' },
    ],
    reviews,
    teams: {
      'example-org/ml-platform': ['mia', 'dual', 'alice', 'ci[bot]'],
      'example-org/finance': ['fiona', 'dual'],
    },
  });
}

let nextId = 1;
export function approval(login: string, commit: string, type: 'User' | 'Bot' = 'User'): SeedReview {
  nextId += 1;
  return {
    id: nextId,
    user: { login, type },
    state: 'APPROVED',
    commitId: commit,
    submittedAt: new Date(Date.UTC(2026, 10, 4, 9, nextId)).toISOString(),
  };
}
