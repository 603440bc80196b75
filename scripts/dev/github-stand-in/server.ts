/**
 * A loopback stand-in for the few GitHub REST endpoints the workflows use. It listens on
 * 127.0.0.1 on a free port, answers from a seeded repository state, records every request, and
 * checks every answer against GitHub's published response schemas.
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { ResponseContract, type ContractViolation } from './contract.js';
import { basicError } from './objects.js';
import type { RepoState } from './repo-state.js';
import { BRANCH_ROUTES } from './routes-branches.js';
import { ISSUE_ROUTES } from './routes-issues.js';
import { ROUTES as BASE_ROUTES, type Answer } from './routes.js';
import { USER_ROUTES } from './routes-users.js';

const ROUTES = [...BASE_ROUTES, ...BRANCH_ROUTES, ...ISSUE_ROUTES, ...USER_ROUTES];

/** One request as the stand-in saw it, with the answer's status. */
export interface RecordedRequest {
  method: string;
  /** Path without the query, percent-decoded. */
  path: string;
  query: Record<string, string>;
  body: Record<string, unknown> | undefined;
  operation: string | undefined;
  status: number;
}

export interface GitHubApi {
  /** Base URL to hand to the client as GITHUB_API_URL. */
  url: string;
  state: RepoState;
  requests: RecordedRequest[];
  /** Answers that did not match the OpenAPI subset; a passing test expects none. */
  violations: ContractViolation[];
  /** Requests the stand-in has no route for. */
  unhandled: RecordedRequest[];
  /** Requests that wrote something (POST, PATCH, PUT, DELETE). */
  writes(): RecordedRequest[];
  close(): Promise<void>;
}

let contract: ResponseContract | undefined;

/** Starts a stand-in serving `state`; close it in `afterEach`. */
export async function startGitHubApi(state: RepoState): Promise<GitHubApi> {
  contract ??= new ResponseContract();
  const checker = contract;
  const requests: RecordedRequest[] = [];
  const violations: ContractViolation[] = [];
  const unhandled: RecordedRequest[] = [];
  let apiUrl = '';

  const server = createServer((req, res) => {
    void handle(req, res).catch((error: unknown) => {
      // A fault in the stand-in itself must fail the test, not pass as a server error.
      violations.push({ operation: 'stand-in', status: 500, errors: [String(error)] });
      res.writeHead(500, { 'content-type': 'application/json' });
      res.end(JSON.stringify(basicError(String(error), 500)));
    });
  });

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', apiUrl);
    const text = await readBody(req);
    const body = text === '' ? undefined : (JSON.parse(text) as Record<string, unknown>);
    const method = req.method ?? 'GET';

    const route = ROUTES.find((r) => r.method === method && r.pattern.test(url.pathname));
    const params = decodeParams(route?.pattern.exec(url.pathname)?.groups ?? {});
    let answer: Answer;
    if (!authorized(req, state)) {
      answer = { status: 401, body: basicError('Bad credentials', 401) };
    } else if (route === undefined) {
      answer = { status: 404, body: basicError('Not Found', 404) };
    } else {
      answer = route.answer({ url, params, body: body ?? {}, state, apiUrl });
    }

    const recorded: RecordedRequest = {
      method,
      path: decodeURIComponent(url.pathname),
      query: Object.fromEntries(url.searchParams),
      body,
      operation: route?.operation,
      status: answer.status,
    };
    requests.push(recorded);
    if (route === undefined) unhandled.push(recorded);
    else {
      const violation = checker.check(route.operation, answer.status, answer.body);
      if (violation !== undefined) violations.push(violation);
    }

    res.writeHead(answer.status, { 'content-type': 'application/json', ...answer.headers });
    res.end(JSON.stringify(answer.body));
  }

  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  apiUrl = `http://127.0.0.1:${port}`;

  return {
    url: apiUrl,
    state,
    requests,
    violations,
    unhandled,
    writes: () => requests.filter((r) => r.method !== 'GET' && r.method !== 'HEAD'),
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections();
        server.close((error) => (error ? reject(error) : resolve()));
      }),
  };
}

function authorized(req: IncomingMessage, state: RepoState): boolean {
  const header = req.headers.authorization ?? '';
  return header === `token ${state.token}` || header === `Bearer ${state.token}`;
}

function decodeParams(groups: Record<string, string>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [key, value] of Object.entries(groups)) out[key] = decodeURIComponent(value);
  return out;
}

async function readBody(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}
