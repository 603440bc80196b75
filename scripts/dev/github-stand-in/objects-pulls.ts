/**
 * Answer bodies for what the alert intake writes: branch refs, committed files and the pull
 * requests it opens. Pull requests start from the same webhook example as the sign-off's.
 */
import type { components } from '@octokit/openapi-types';
import { branchSha } from './branch-sha.js';
import { commitId, gitBlobId } from './git-blob.js';
import { idFor, pullRequest, user } from './objects.js';
import type { RepoState, SeedPull } from './repo-state.js';

type Schemas = components['schemas'];

export function gitRef(branch: string, sha: string, state: RepoState, apiUrl: string) {
  const prefix = `${apiUrl}/repos/${state.owner}/${state.repo}`;
  const answer: Schemas['git-ref'] = {
    ref: `refs/heads/${branch}`,
    node_id: `REF_${idFor(branch)}`,
    url: `${prefix}/git/refs/heads/${branch.split('/').map(encodeURIComponent).join('/')}`,
    object: { type: 'commit', sha, url: `${prefix}/git/commits/${sha}` },
  };
  return answer;
}

export function fileCommit(
  path: string,
  text: string,
  commit: { sha: string; parent: string; message: string },
  state: RepoState,
  apiUrl: string,
) {
  const prefix = `${apiUrl}/repos/${state.owner}/${state.repo}`;
  const sha = gitBlobId(text);
  const person = {
    name: state.tokenUser.login,
    email: 'bot@example.test',
    date: '2026-10-20T08:00:00Z',
  };
  const answer: Schemas['file-commit'] = {
    content: {
      name: path.split('/').pop() ?? path,
      path,
      sha,
      size: Buffer.byteLength(text, 'utf8'),
      type: 'file',
      url: `${prefix}/contents/${path}`,
      git_url: `${prefix}/git/blobs/${sha}`,
      html_url: `https://example.test/${state.owner}/${state.repo}/blob/${commit.sha}/${path}`,
      download_url: `https://example.test/raw/${commit.sha}/${path}`,
      _links: { self: `${prefix}/contents/${path}`, git: `${prefix}/git/blobs/${sha}` },
    },
    commit: {
      sha: commit.sha,
      node_id: `C_${commit.sha.slice(0, 8)}`,
      url: `${prefix}/git/commits/${commit.sha}`,
      author: person,
      committer: person,
      message: commit.message,
      tree: {
        url: `${prefix}/git/trees/${commitId(`tree ${commit.sha}`)}`,
        sha: commitId(`tree ${commit.sha}`),
      },
      parents: [{ url: `${prefix}/git/commits/${commit.parent}`, sha: commit.parent }],
    },
  };
  return answer;
}

function team(slug: string, state: RepoState, apiUrl: string): Schemas['team'] {
  const url = `${apiUrl}/orgs/${state.owner}/teams/${slug}`;
  return {
    id: idFor(`team ${slug}`),
    node_id: `T_${idFor(slug)}`,
    url,
    members_url: `${url}/members{/member}`,
    name: slug,
    slug,
    description: null,
    permission: 'pull',
    html_url: `https://example.test/orgs/${state.owner}/teams/${slug}`,
    repositories_url: `${url}/repos`,
    type: 'organization',
    parent: null,
  };
}

/** A pull request the intake opened, in the full shape (`GET`, `POST` and `PATCH` answers). */
export function openedPull(seed: SeedPull, state: RepoState, apiUrl: string) {
  const base = pullRequest(state, apiUrl);
  const sha = (branch: string) => branchSha(state, branch) ?? '0'.repeat(40);
  const answer: Schemas['pull-request'] = {
    ...base,
    id: idFor(`pull ${seed.number}`),
    number: seed.number,
    title: seed.title,
    body: seed.body,
    draft: seed.draft,
    state: seed.state,
    user: user(seed.author, apiUrl),
    head: {
      ...base.head,
      ref: seed.head,
      label: `${state.owner}:${seed.head}`,
      sha: sha(seed.head),
    },
    base: {
      ...base.base,
      ref: seed.base,
      label: `${state.owner}:${seed.base}`,
      sha: sha(seed.base),
    },
    requested_reviewers: [],
    requested_teams: seed.teamReviewers.map((slug) => team(slug, state, apiUrl)),
  };
  return answer;
}
