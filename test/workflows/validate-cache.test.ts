import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { REPO_ROOT } from '../support/paths.js';
import { checkValidateCache } from './validate-cache-policy.js';

const WORKFLOW = readFileSync(path.join(REPO_ROOT, '.github/workflows/validate.yml'), 'utf8');
const RESTORE_PIN = 'actions/cache/restore@27d5ce7f107fe9357f9df03efb73ab90386fccae';
const SAVE_PIN = 'actions/cache/save@27d5ce7f107fe9357f9df03efb73ab90386fccae';
const KEY = 'key: ${{ steps.cache-key.outputs.prefix }}${{ github.sha }}';
const DIR = '${{ runner.temp }}/packet-cache';

/** The workflow with `from` replaced (every occurrence), failing if it has no `from`. */
function variant(from: string | RegExp, to: string): string {
  const found = typeof from === 'string' ? WORKFLOW.includes(from) : from.test(WORKFLOW);
  if (!found) throw new Error(`validate.yml has no ${String(from)}`);
  return typeof from === 'string' ? WORKFLOW.replaceAll(from, to) : WORKFLOW.replace(from, to);
}

// A step of the workflow, from its first line to the next step.
const RESTORE_STEP = / {6}- if: github\.event_name == 'pull_request'\n[\s\S]*?(?= {6}- run:)/;
const SAVE_STEP = / {6}- if: github\.event_name == 'push'\n[\s\S]*$/;

function codes(text: string): string[] {
  return [...new Set(checkValidateCache(text).map((problem) => problem.code))];
}

describe('validate workflow cache', () => {
  it('keeps the cache as required', () => {
    expect(checkValidateCache(WORKFLOW)).toEqual([]);
  });

  it('pins restore and save to the latest actions/cache release checked', () => {
    expect(WORKFLOW).toContain(`${RESTORE_PIN} # v5.0.5`);
    expect(WORKFLOW).toContain(`${SAVE_PIN} # v5.0.5`);
  });

  it.each([
    { code: 'CACHE_RESTORE_MISSING', text: variant(RESTORE_STEP, '') },
    { code: 'CACHE_SAVE_MISSING', text: variant(SAVE_STEP, '') },
    { code: 'CACHE_UNPINNED', text: variant(RESTORE_PIN, 'actions/cache/restore@v5') },
    { code: 'CACHE_UNPINNED', text: variant(`${SAVE_PIN} # v5.0.5`, SAVE_PIN) },
    {
      code: 'CACHE_PINS_DIFFER',
      text: variant(SAVE_PIN, 'actions/cache/save@0057852bfaa89a56745cba8c7296529d2fc39830'),
    },
    { code: 'CACHE_KEY_WITHOUT_SHA', text: variant(KEY, KEY.replace('${{ github.sha }}', 'main')) },
    {
      code: 'CACHE_RESTORE_PREFIX',
      text: variant(/ {10}restore-keys: .*\n/, ''),
    },
    {
      code: 'CACHE_RESTORE_PREFIX',
      text: variant(
        'restore-keys: ${{ steps.cache-key.outputs.prefix }}',
        'restore-keys: packet-validate-',
      ),
    },
    { code: 'CACHE_KEY_INCOMPLETE', text: variant("'scripts/**', ", '') },
    { code: 'CACHE_KEY_INCOMPLETE', text: variant("'package-lock.json', ", '') },
    { code: 'CACHE_KEY_INCOMPLETE', text: variant('-$RUNNER_OS', '') },
    { code: 'CACHE_KEY_INCOMPLETE', text: variant('-node$NODE_MAJOR', '') },
    { code: 'NODE_VERSION_NOT_KEYED', text: variant('${{ env.NODE_MAJOR }}', '20') },
    { code: 'CACHE_DIR_OUTSIDE_RUNNER_TEMP', text: variant(DIR, '${{ github.workspace }}/.cache') },
    { code: 'CACHE_DIR_OUTSIDE_RUNNER_TEMP', text: variant(DIR, '.packet-cache') },
    { code: 'CACHE_DIR_OUTSIDE_RUNNER_TEMP', text: variant(DIR, '${{ runner.temp }}/../work/x') },
    {
      code: 'CACHE_DIR_OUTSIDE_RUNNER_TEMP',
      text: variant(/ {10}PACKET_CACHE_DIR: .*\n/, ''),
    },
    {
      code: 'CACHE_PATH_DIFFERS',
      text: variant(
        /path: \$\{\{ runner\.temp \}\}\/packet-cache\n/,
        'path: node_modules/.cache\n',
      ),
    },
    { code: 'CHECKOUT_TOO_SHALLOW', text: variant('fetch-depth: 2', 'fetch-depth: 1') },
    { code: 'CHECKOUT_TOO_SHALLOW', text: variant(/ {10}fetch-depth: 2\n/, '') },
    {
      code: 'CACHE_RESTORE_NOT_PR_ONLY',
      text: variant("- if: github.event_name == 'pull_request'\n        uses", '- uses'),
    },
    {
      code: 'CACHE_SAVE_NOT_PUSH_ONLY',
      text: variant("- if: github.event_name == 'push'", "- if: github.event_name != ''"),
    },
  ])('reports $code', ({ code, text }) => {
    expect(codes(text)).toEqual([code]);
  });

  it('refuses the combined action, which would save a pull request’s cache too', () => {
    const text = variant(RESTORE_PIN, 'actions/cache@27d5ce7f107fe9357f9df03efb73ab90386fccae');

    expect(codes(text)).toEqual(['CACHE_SAVE_NOT_PUSH_ONLY']);
  });

  it('refuses saving before the run that writes the cache', () => {
    const save = SAVE_STEP.exec(WORKFLOW)![0];
    const text = WORKFLOW.replace(save, '').replace(
      '      - run: npm ci\n',
      `${save}      - run: npm ci\n`,
    );

    expect(codes(text)).toEqual(['CACHE_STEP_ORDER']);
  });
});
