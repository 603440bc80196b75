/**
 * Answer bodies shaped like GitHub's. Where a webhook example carries the same object (users,
 * repositories, pull requests, reviews, comments, apps) it is the starting point, so the shapes
 * come from GitHub rather than from the schema the answers are checked against.
 */
import examples, { type WebhookDefinition } from '@octokit/webhooks-examples' with { type: 'json' };
import type { components } from '@octokit/openapi-types';
import { gitBlobId } from './git-blob.js';
import type { RepoState, SeedCheckRun, SeedComment, SeedReview, SeedUser } from './repo-state.js';

type Schemas = components['schemas'];

const EXAMPLE_REPO = 'Codertocat/Hello-World';
const EXAMPLE_USER = 'Codertocat';
const EXAMPLE_API = 'https://api.github.com';

function example<T>(event: string, pick: (payload: Record<string, unknown>) => unknown): T {
  // The package's types describe the default export, which NodeNext reads as `module.exports`.
  const definitions = examples as unknown as WebhookDefinition[];
  const definition = definitions.find((d) => d.name === event);
  const payload = definition?.examples[0] as Record<string, unknown> | undefined;
  if (payload === undefined) throw new Error(`no webhook example for ${event}`);
  return structuredClone(pick(payload)) as T;
}

/** Rewrites an example object onto the seeded repository and the stand-in's address. */
function relocate<T>(value: T, state: RepoState, apiUrl: string): T {
  const text = JSON.stringify(value)
    .replaceAll(EXAMPLE_API, apiUrl)
    .replaceAll(EXAMPLE_REPO, `${state.owner}/${state.repo}`);
  return JSON.parse(text) as T;
}

/** A stable positive id for a name, so the same login always has the same id. */
export function idFor(name: string): number {
  let hash = 7;
  for (const char of name) hash = (hash * 31 + char.charCodeAt(0)) % 2_000_000_000;
  return hash + 1;
}

export function user(seed: SeedUser, apiUrl: string): Schemas['simple-user'] {
  const base = example<Schemas['simple-user']>('pull_request', (p) => p.sender);
  const text = JSON.stringify(base)
    .replaceAll(EXAMPLE_API, apiUrl)
    .replaceAll(`/${EXAMPLE_USER}`, `/${encodeURIComponent(seed.login)}`);
  const out = JSON.parse(text) as Schemas['simple-user'];
  return { ...out, login: seed.login, id: idFor(seed.login), type: seed.type ?? 'User' };
}

export function repository(state: RepoState, apiUrl: string): Schemas['repository'] {
  const repo = example<Schemas['repository']>('pull_request', (p) => p.repository);
  const out = relocate(repo, state, apiUrl);
  return {
    ...out,
    name: state.repo,
    owner: user({ login: state.owner, type: 'Organization' }, apiUrl),
  };
}

export function pullRequest(state: RepoState, apiUrl: string): Schemas['pull-request'] {
  const pull = example<Schemas['pull-request']>('pull_request', (p) => p.pull_request);
  const out = relocate(pull, state, apiUrl);
  const repo = repository(state, apiUrl);
  const { number, headSha, baseSha, closed } = state.pull;
  return {
    ...out,
    // The webhook example predates auto-merge; the REST answer always carries the field.
    auto_merge: null,
    number,
    state: closed === undefined ? 'open' : 'closed',
    closed_at: closed?.at ?? null,
    merged_at: closed?.mergeCommit === undefined ? null : closed.at,
    merge_commit_sha: closed?.mergeCommit ?? null,
    merged: closed?.mergeCommit !== undefined,
    title: state.pull.title ?? out.title,
    user: user(state.pull.author, apiUrl),
    head: { ...out.head, sha: headSha, repo, user: user(state.pull.author, apiUrl) },
    base: { ...out.base, sha: baseSha, repo },
  };
}

export function review(seed: SeedReview, state: RepoState, apiUrl: string) {
  const base = example<Schemas['pull-request-review']>('pull_request_review', (p) => p.review);
  const out = relocate(base, state, apiUrl);
  const answer: Schemas['pull-request-review'] = {
    ...out,
    id: seed.id ?? 0,
    user: user(seed.user, apiUrl),
    body: seed.body ?? '',
    state: seed.state,
    commit_id: seed.commitId,
    submitted_at: seed.submittedAt,
  };
  return answer;
}

export function issueComment(seed: SeedComment, state: RepoState, apiUrl: string) {
  const base = example<Schemas['issue-comment']>('issue_comment', (p) => p.comment);
  const out = relocate(base, state, apiUrl);
  const prefix = `${apiUrl}/repos/${state.owner}/${state.repo}`;
  const answer: Schemas['issue-comment'] = {
    ...out,
    id: seed.id,
    url: `${prefix}/issues/comments/${seed.id}`,
    issue_url: `${prefix}/issues/${state.pull.number}`,
    user: user(seed.user, apiUrl),
    body: seed.body,
  };
  return answer;
}

export function checkRun(seed: SeedCheckRun, state: RepoState, apiUrl: string) {
  const app = example<NonNullable<Schemas['nullable-integration']>>(
    'check_run',
    (p) => (p.check_run as { app: unknown }).app,
  );
  const prefix = `${apiUrl}/repos/${state.owner}/${state.repo}`;
  const now = '2026-01-15T10:00:00Z';
  const answer: Schemas['check-run'] = {
    id: seed.id,
    node_id: `CR_${seed.id}`,
    head_sha: seed.headSha,
    external_id: '',
    url: `${prefix}/check-runs/${seed.id}`,
    html_url: `https://example.test/${state.owner}/${state.repo}/runs/${seed.id}`,
    details_url: null,
    status: seed.status,
    conclusion: seed.conclusion as Schemas['check-run']['conclusion'],
    started_at: now,
    completed_at: seed.status === 'completed' ? now : null,
    output: {
      title: seed.title,
      summary: seed.summary,
      text: seed.text,
      annotations_count: 0,
      annotations_url: `${prefix}/check-runs/${seed.id}/annotations`,
    },
    name: seed.name,
    check_suite: { id: 1 },
    app: { ...app, slug: 'github-actions', name: 'GitHub Actions' },
    pull_requests: [],
  };
  return answer;
}

export function diffEntry(
  change: RepoState['files'][number],
  state: RepoState,
  apiUrl: string,
): Schemas['diff-entry'] {
  const text = state.commits[state.pull.headSha]?.[change.filename];
  const sha = text === undefined ? '0'.repeat(40) : gitBlobId(text);
  const prefix = `https://example.test/${state.owner}/${state.repo}`;
  const path = encodeURIComponent(change.filename);
  return {
    sha,
    filename: change.filename,
    status: change.status,
    additions: text === undefined ? 0 : text.split('\n').length,
    deletions: 0,
    changes: text === undefined ? 0 : text.split('\n').length,
    blob_url: `${prefix}/blob/${state.pull.headSha}/${path}`,
    raw_url: `${prefix}/raw/${state.pull.headSha}/${path}`,
    contents_url: `${apiUrl}/repos/${state.owner}/${state.repo}/contents/${path}`,
    ...(change.previous_filename === undefined
      ? {}
      : { previous_filename: change.previous_filename }),
  };
}

/** A file answer from the contents API: base64 in 60-column lines, as GitHub sends it. */
export function contentFile(
  path: string,
  text: string,
  ref: string,
  state: RepoState,
  apiUrl: string,
): Schemas['content-file'] {
  const sha = gitBlobId(text);
  // Paths may hold any byte git allows; in a URL each segment is percent-encoded.
  const inUrl = path.split('/').map(encodeURIComponent).join('/');
  const url = `${apiUrl}/repos/${state.owner}/${state.repo}/contents/${inUrl}?ref=${ref}`;
  const gitUrl = `${apiUrl}/repos/${state.owner}/${state.repo}/git/blobs/${sha}`;
  const htmlUrl = `https://example.test/${state.owner}/${state.repo}/blob/${ref}/${inUrl}`;
  const base64 = Buffer.from(text, 'utf8').toString('base64');
  return {
    type: 'file',
    encoding: 'base64',
    size: Buffer.byteLength(text, 'utf8'),
    name: path.split('/').pop() ?? path,
    path,
    content: `${base64.replace(/.{1,60}/g, '$&\n')}`,
    sha,
    url,
    git_url: gitUrl,
    html_url: htmlUrl,
    download_url: `https://example.test/raw/${ref}/${inUrl}`,
    _links: { self: url, git: gitUrl, html: htmlUrl },
  };
}

/** GitHub's error body. */
export function basicError(message: string, status: number): Schemas['basic-error'] {
  return {
    message,
    documentation_url: 'https://docs.example.test/rest',
    status: String(status),
  };
}

/** A commit's tree as the trees API lists it: every entry, with folders when recursive. */
export function gitTree(
  commit: string,
  recursive: boolean,
  state: RepoState,
  apiUrl: string,
): Schemas['git-tree'] {
  const files = state.commits[commit] ?? {};
  const modes = state.modes?.[commit] ?? {};
  const base = `${apiUrl}/repos/${state.owner}/${state.repo}/git`;
  const entries = new Map<string, Schemas['git-tree']['tree'][number]>();
  for (const [path, text] of Object.entries(files)) {
    const parts = path.split('/');
    for (let depth = 1; depth < parts.length; depth++) {
      const folder = parts.slice(0, depth).join('/');
      const sha = gitBlobId(`tree ${folder}`);
      entries.set(folder, {
        path: folder,
        mode: '040000',
        type: 'tree',
        sha,
        url: `${base}/trees/${sha}`,
      });
    }
    const mode = modes[path] ?? '100644';
    if (mode === '160000') {
      entries.set(path, { path, mode, type: 'commit', sha: text });
      continue;
    }
    const sha = gitBlobId(text);
    const size = Buffer.byteLength(text, 'utf8');
    entries.set(path, { path, mode, type: 'blob', sha, size, url: `${base}/blobs/${sha}` });
  }
  const tree = [...entries.values()]
    .filter((entry) => recursive || !entry.path.includes('/'))
    .sort((a, b) => (a.path < b.path ? -1 : 1));
  return { sha: commit, url: `${base}/trees/${commit}`, truncated: false, tree };
}
