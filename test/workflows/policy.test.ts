import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { checkWorkflow } from './workflow-policy.js';

const WORKFLOWS = fileURLToPath(new URL('../../.github/workflows', import.meta.url));
const files = readdirSync(WORKFLOWS).filter((name) => /\.ya?ml$/.test(name));

const CHECKOUT = 'actions/checkout@3d3c42e5aac5ba805825da76410c181273ba90b1';
const GOOD = `
on: pull_request_target
permissions: {}
jobs:
  gate:
    runs-on: ubuntu-latest
    permissions: { contents: read }
    steps:
      - uses: ${CHECKOUT}
        with: { ref: '\${{ github.event.pull_request.base.sha }}', persist-credentials: false }
      - run: node gate.js
        env: { TITLE: '\${{ github.event.pull_request.title }}' }
`;

function variant(from: string, to: string): string {
  if (!GOOD.includes(from)) throw new Error(`the base workflow has no ${from}`);
  return GOOD.replace(from, to);
}

describe('workflow policy', () => {
  it('finds workflow files to check', () => {
    expect(files).toContain('signoff.yml');
  });

  it.each(files)('%s breaks no rule', (name) => {
    expect(checkWorkflow(readFileSync(path.join(WORKFLOWS, name), 'utf8'))).toEqual([]);
  });

  it('accepts the well-formed example', () => {
    expect(checkWorkflow(GOOD)).toEqual([]);
  });

  it.each([
    { code: 'UNPINNED_USES', text: variant(CHECKOUT, 'actions/checkout@v4') },
    { code: 'UNPINNED_USES', text: variant(CHECKOUT, 'actions/checkout@11bd719') },
    { code: 'TOP_PERMISSIONS_MISSING', text: variant('permissions: {}\n', '') },
    { code: 'TOP_PERMISSIONS_WRITE', text: variant('permissions: {}', 'permissions: write-all') },
    {
      code: 'TOP_PERMISSIONS_WRITE',
      text: variant('permissions: {}', 'permissions: { contents: write }'),
    },
    {
      code: 'JOB_WRITE_ALL',
      text: variant('permissions: { contents: read }', 'permissions: write-all'),
    },
    {
      code: 'EXPRESSION_IN_RUN',
      text: variant('run: node gate.js', "run: echo '${{ github.event.pull_request.title }}'"),
    },
    {
      code: 'EXPRESSION_IN_RUN',
      text: variant('run: node gate.js', 'run: git log ${{ github.head_ref }}'),
    },
    {
      code: 'CHECKOUT_KEEPS_CREDENTIALS',
      text: variant('persist-credentials: false', 'persist-credentials: true'),
    },
    {
      code: 'UNTRUSTED_CHECKOUT',
      text: variant('pull_request.base.sha', 'pull_request.head.sha'),
    },
    { code: 'UNTRUSTED_CHECKOUT', text: variant('pull_request.base.sha', 'github.head_ref') },
    {
      code: 'UNTRUSTED_CHECKOUT',
      text: variant('run: node gate.js', 'run: gh pr checkout "$PR" && npm test'),
    },
  ])('reports $code', ({ code, text }) => {
    expect(checkWorkflow(text).map((p) => p.code)).toEqual([code]);
  });

  it.each([
    'run: git fetch origin "+refs/pull/$PR/head:refs/remotes/origin/pr-head"',
    'run: git show "origin/pr-head:packets/a.yaml"',
  ])('allows reading the pull request as git objects: %s', (run) => {
    expect(checkWorkflow(variant('run: node gate.js', run))).toEqual([]);
  });

  it.each([
    'run: git fetch origin "refs/pull/$PR/head" && git checkout FETCH_HEAD',
    'run: git worktree add pr refs/pull/7/head',
    `run: git switch --detach "$(jq -r .pull_request.head.sha "$GITHUB_EVENT_PATH")"`,
  ])('refuses putting the pull request in the work tree: %s', (run) => {
    expect(checkWorkflow(variant('run: node gate.js', run)).map((p) => p.code)).toContain(
      'UNTRUSTED_CHECKOUT',
    );
  });

  it('allows kept credentials in a job that may write contents', () => {
    const text = variant('persist-credentials: false', 'persist-credentials: true').replace(
      'permissions: { contents: read }',
      'permissions: { contents: write }',
    );

    expect(checkWorkflow(text)).toEqual([]);
  });

  it('allows kept credentials when a later step pushes', () => {
    const text = variant('persist-credentials: false', 'persist-credentials: true').replace(
      'run: node gate.js',
      'run: git push origin HEAD',
    );

    expect(checkWorkflow(text)).toEqual([]);
  });
});
