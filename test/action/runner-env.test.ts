import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { UsageError } from '../../scripts/core/errors.js';
import { pullNumberOf, readRunnerEnv } from '../../scripts/action/runner-env.js';

const dir = mkdtempSync(path.join(tmpdir(), 'runner-env-'));
const eventPath = path.join(dir, 'event.json');
writeFileSync(eventPath, JSON.stringify({ pull_request: { number: 5 } }));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const runner = {
  GITHUB_EVENT_NAME: 'pull_request_target',
  GITHUB_EVENT_PATH: eventPath,
  GITHUB_REPOSITORY: 'example-org/cost-exceptions',
  GITHUB_API_URL: 'http://127.0.0.1:1',
  GITHUB_TOKEN: 'from-runner',
};

describe('readRunnerEnv', () => {
  it('reads the repository, token and event a runner sets', () => {
    const env = readRunnerEnv(runner);

    expect(env.repo).toEqual({ owner: 'example-org', repo: 'cost-exceptions' });
    expect(env.token).toBe('from-runner');
    expect(pullNumberOf(env)).toBe(5);
  });

  it('prefers INPUT_TOKEN to GITHUB_TOKEN', () => {
    expect(readRunnerEnv({ ...runner, INPUT_TOKEN: 'from-input' }).token).toBe('from-input');
  });

  it.each([
    { change: { GITHUB_EVENT_NAME: undefined }, message: 'GITHUB_EVENT_NAME is not set' },
    { change: { GITHUB_EVENT_PATH: undefined }, message: 'GITHUB_EVENT_PATH is not set' },
    { change: { GITHUB_API_URL: undefined }, message: 'GITHUB_API_URL is not set' },
    { change: { GITHUB_TOKEN: undefined }, message: 'No token' },
    { change: { GITHUB_REPOSITORY: 'no-slash' }, message: 'GITHUB_REPOSITORY is not owner/name' },
    {
      change: { GITHUB_EVENT_PATH: path.join(dir, 'missing.json') },
      message: 'Cannot read the event payload',
    },
  ])('refuses a broken environment: $message', ({ change, message }) => {
    const read = () => readRunnerEnv({ ...runner, ...change });

    expect(read).toThrow(UsageError);
    expect(read).toThrow(message);
  });

  it.each(['push', 'issue_comment', 'workflow_dispatch'])(
    'refuses the %s event rather than passing',
    (eventName) => {
      const env = readRunnerEnv({ ...runner, GITHUB_EVENT_NAME: eventName });

      expect(() => pullNumberOf(env)).toThrow(`not ${eventName}`);
    },
  );
});
