import { execFile } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { runRemindAction } from '../../scripts/action/remind.js';
import { REMINDER_MARKER } from '../../scripts/core/render/reminder.js';
import { REPO_ROOT } from '../support/paths.js';
import { copyOfFixtureRepo, tempDir } from '../support/temp-dir.js';

const copyOfRemindRepo = () => copyOfFixtureRepo('remind-repo');

interface StoredIssue {
  number: number;
  title: string;
  body: string;
  state: 'open' | 'closed';
  state_reason?: string;
  user: { login: string };
  pull_request?: object;
}

/**
 * A loopback stand-in for the three issue endpoints the reminder uses, keeping issues in
 * memory and recording every request. Serves 2 issues per page to exercise pagination.
 */
class IssueApi {
  issues: StoredIssue[] = [];
  requests: string[] = [];
  private server: Server | undefined;
  private base = '';

  async start(): Promise<string> {
    this.server = createServer((req, res) => {
      void this.handle(req).then(({ status, body, headers }) => {
        res.writeHead(status, { 'content-type': 'application/json', ...headers });
        res.end(JSON.stringify(body));
      });
    });
    await new Promise<void>((resolve) => this.server?.listen(0, '127.0.0.1', resolve));
    this.base = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
    return this.base;
  }

  stop(): Promise<void> {
    return new Promise((resolve) => (this.server ? this.server.close(() => resolve()) : resolve()));
  }

  add(issue: Omit<StoredIssue, 'number'>): number {
    const number = this.issues.length + 1;
    this.issues.push({ number, ...issue });
    return number;
  }

  private async handle(req: IncomingMessage): Promise<Reply> {
    const url = new URL(req.url ?? '/', 'http://loopback');
    this.requests.push(`${req.method} ${url.pathname}`);
    if (req.headers.authorization !== 'token test-token') {
      return { status: 401, body: { message: 'Bad credentials' } };
    }
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const input = chunks.length ? (JSON.parse(Buffer.concat(chunks).toString()) as object) : {};

    const list = /^\/repos\/acme\/costs\/issues$/.test(url.pathname);
    const one = /^\/repos\/acme\/costs\/issues\/(\d+)$/.exec(url.pathname);
    if (list && req.method === 'GET') return this.list(url);
    if (list && req.method === 'POST') {
      const { title, body } = input as { title: string; body: string };
      const number = this.add({
        title,
        body,
        state: 'open',
        user: { login: 'github-actions[bot]' },
      });
      return { status: 201, body: this.issues[number - 1] };
    }
    const issue = one && this.issues[Number(one[1]) - 1];
    if (issue && req.method === 'PATCH') {
      Object.assign(issue, input);
      return { status: 200, body: issue };
    }
    return { status: 404, body: { message: 'Not Found' } };
  }

  private list(url: URL): Reply {
    const page = Number(url.searchParams.get('page') ?? '1');
    const open = this.issues.filter((issue) => issue.state === url.searchParams.get('state'));
    const slice = open.slice((page - 1) * 2, page * 2);
    const headers: Record<string, string> = {};
    if (page * 2 < open.length) {
      const next = new URL(`${url.pathname}${url.search}`, this.base);
      next.searchParams.set('page', String(page + 1));
      headers.link = `<${next.toString()}>; rel="next"`;
    }
    return { status: 200, body: slice, headers };
  }
}

interface Reply {
  status: number;
  body: unknown;
  headers?: Record<string, string>;
}

let api: IssueApi;
afterEach(async () => api?.stop());

async function setUp(): Promise<{ env: NodeJS.ProcessEnv; root: string }> {
  api = new IssueApi();
  const url = await api.start();
  const root = copyOfRemindRepo();
  return {
    root,
    env: {
      GITHUB_REPOSITORY: 'acme/costs',
      GITHUB_API_URL: url,
      GITHUB_WORKSPACE: root,
      INPUT_TOKEN: 'test-token',
    },
  };
}

const NOW = new Date('2026-11-04T08:00:00Z');

describe('the remind action', () => {
  it('opens one issue, edits it as the list changes, and closes it when nothing is due', async () => {
    const { env } = await setUp();

    const first = await runRemindAction({ ...env, PACKET_TODAY: '2026-11-04' }, NOW);
    expect(first).toEqual({ step: 'create', issue: 1, due: 3 });
    expect(api.issues[0]?.body.split('\n')[0]).toBe(REMINDER_MARKER);
    expect(api.issues[0]?.body).toContain('cc @example-org/engineering-leads');

    const again = await runRemindAction({ ...env, PACKET_TODAY: '2026-11-04' }, NOW);
    expect(again).toEqual({ step: 'unchanged', issue: 1, due: 3 });

    const later = await runRemindAction({ ...env, PACKET_TODAY: '2026-12-21' }, NOW);
    expect(later).toEqual({ step: 'update', issue: 1, due: 8 });
    expect(api.issues).toHaveLength(1);
    expect(api.issues[0]?.body).toContain('Packet reminders for 2026-12-21');

    env.GITHUB_WORKSPACE = tempDir({ 'packets/.keep': '' });
    const quiet = await runRemindAction({ ...env, PACKET_TODAY: '2026-12-22' }, NOW);
    expect(quiet).toEqual({ step: 'close', issue: 1, due: 0 });
    expect(api.issues[0]).toMatchObject({ state: 'closed', state_reason: 'completed' });
    expect(api.issues[0]?.body).toContain('Nothing is due.');

    const still = await runRemindAction({ ...env, PACKET_TODAY: '2026-12-23' }, NOW);
    expect(still).toEqual({ step: 'none', issue: undefined, due: 0 });
    expect(api.requests.filter((r) => r.startsWith('POST'))).toHaveLength(1);
  });

  it('finds its issue on a later page, and ignores a marker pasted into someone else’s', async () => {
    const { env } = await setUp();
    const bot = { login: 'github-actions[bot]' };
    api.add({ title: 'Unrelated', body: 'hello', state: 'open', user: { login: 'alice' } });
    api.add({
      title: 'Copycat',
      body: `${REMINDER_MARKER}\nmine`,
      state: 'open',
      user: { login: 'mallory' },
    });
    api.add({ title: 'A PR', body: REMINDER_MARKER, state: 'open', user: bot, pull_request: {} });
    api.add({
      title: 'Packet reminders',
      body: `${REMINDER_MARKER}\nold`,
      state: 'open',
      user: bot,
    });

    const outcome = await runRemindAction({ ...env, PACKET_TODAY: '2026-11-04' }, NOW);

    expect(outcome).toEqual({ step: 'update', issue: 4, due: 3 });
    expect(api.issues[1]?.body).toBe(`${REMINDER_MARKER}\nmine`);
    expect(api.requests.filter((r) => r.startsWith('GET'))).toHaveLength(2);
  });

  it('uses the local date in the policy time zone when no day is given', async () => {
    const { env } = await setUp();
    // 23:30 UTC on the close day is already the day after the close in Berlin.
    await runRemindAction(env, new Date('2026-11-05T23:30:00Z'));
    expect(api.issues[0]?.body).toContain('2026-11-05 (1 day ago)');
  });

  it.each([
    [{ INPUT_TOKEN: '' }, 'no token'],
    [{ GITHUB_REPOSITORY: 'acme' }, 'GITHUB_REPOSITORY'],
    [{ PACKET_TODAY: '2026-02-30' }, 'PACKET_TODAY'],
  ])('refuses a broken environment %j', async (override, message) => {
    const { env } = await setUp();
    await expect(runRemindAction({ ...env, ...override }, NOW)).rejects.toThrow(message);
    expect(api.requests).toEqual([]);
  });

  const bin = path.join(REPO_ROOT, 'dist/scripts/action/remind.js');
  it.skipIf(!existsSync(bin))('runs from the build and writes its outputs', async () => {
    const { env } = await setUp();
    const output = path.join(tempDir({ output: '' }), 'output');
    // Asynchronous, so this process's loopback server can answer the child.
    const status = await new Promise<number | null>((resolve) => {
      const child = execFile(process.execPath, [bin], {
        env: { PATH: process.env.PATH, ...env, PACKET_TODAY: '2026-11-04', GITHUB_OUTPUT: output },
        timeout: 30_000,
      });
      child.on('exit', (code) => resolve(code));
    });
    expect(status).toBe(0);
    expect(api.issues).toHaveLength(1);
    expect(readFileSync(output, 'utf8')).toMatch(/step<<.*\ncreate\n/);
  });
});
