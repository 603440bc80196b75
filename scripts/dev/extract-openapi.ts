/**
 * Extracts the response schemas of the few REST operations the workflows call from GitHub's
 * published OpenAPI description, so tests can check the loopback stand-in's answers at runtime
 * without depending on the whole description (hundreds of megabytes).
 *
 * Rerun when the operations change or GitHub's description moves on:
 *
 *   npm install --no-save --prefix /tmp/openapi @octokit/openapi
 *   npm run -s build
 *   node dist/scripts/dev/extract-openapi.js \
 *     /tmp/openapi/node_modules/@octokit/openapi/generated/api.github.com.json
 *
 * It writes `scripts/dev/github-stand-in/openapi-subset.json`: each operation's response schemas
 * keyed by status, plus every component schema they reach (`$ref`s kept, pointing into the
 * subset).
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath, pathToFileURL } from 'node:url';

/** Operations the gate, the recorder, the alert intake and the reminder call, as `METHOD /path` exactly as the description spells the path. */
export const OPERATIONS = [
  'GET /repos/{owner}/{repo}/pulls/{pull_number}',
  'GET /repos/{owner}/{repo}/pulls/{pull_number}/files',
  'GET /repos/{owner}/{repo}/pulls/{pull_number}/reviews',
  'GET /repos/{owner}/{repo}/contents/{path}',
  'GET /repos/{owner}/{repo}/git/trees/{tree_sha}',
  'GET /orgs/{org}/teams/{team_slug}/members',
  'GET /repos/{owner}/{repo}/commits/{ref}/check-runs',
  'POST /repos/{owner}/{repo}/check-runs',
  'PATCH /repos/{owner}/{repo}/check-runs/{check_run_id}',
  'GET /repos/{owner}/{repo}/issues/{issue_number}/comments',
  'POST /repos/{owner}/{repo}/issues/{issue_number}/comments',
  'PATCH /repos/{owner}/{repo}/issues/comments/{comment_id}',
  'GET /repos/{owner}/{repo}/git/ref/{ref}',
  'POST /repos/{owner}/{repo}/git/refs',
  'PUT /repos/{owner}/{repo}/contents/{path}',
  'GET /repos/{owner}/{repo}/pulls',
  'POST /repos/{owner}/{repo}/pulls',
  'PATCH /repos/{owner}/{repo}/pulls/{pull_number}',
  'POST /repos/{owner}/{repo}/pulls/{pull_number}/requested_reviewers',
  'GET /repos/{owner}/{repo}/issues',
  'POST /repos/{owner}/{repo}/issues',
  'PATCH /repos/{owner}/{repo}/issues/{issue_number}',
  'GET /users/{username}',
] as const;

export type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
export type JsonObject = { [key: string]: Json };

// Annotation keys that ajv's strict mode does not know and validation does not need. The
// `discriminator` only speeds up `oneOf`; the alternatives here are told apart without it.
const DROPPED_KEYS = new Set([
  'example',
  'examples',
  'description',
  'summary',
  'externalDocs',
  'discriminator',
]);
const SCHEMA_REF = '#/components/schemas/';
const RESPONSE_REF = '#/components/responses/';

function isObject(value: Json | undefined): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Copies a schema without annotations and vendor keys, noting every component it refers to. */
function clean(node: Json, reached: Set<string>): Json {
  if (Array.isArray(node)) return node.map((item) => clean(item, reached));
  if (!isObject(node)) return node;

  const out: JsonObject = {};
  for (const [key, value] of Object.entries(node)) {
    if (DROPPED_KEYS.has(key) || key.startsWith('x-')) continue;
    if (key === '$ref' && typeof value === 'string' && value.startsWith(SCHEMA_REF)) {
      reached.add(value.slice(SCHEMA_REF.length));
    }
    // `properties` maps names to schemas: a property may itself be called `description`.
    out[key] =
      key === 'properties' && isObject(value) ? cleanMap(value, reached) : clean(value, reached);
  }

  // OpenAPI 3.0.3 says a nullable enum must list null itself; GitHub's description leaves it
  // out although the API sends null (a check run's `conclusion` before it completes).
  if (out.nullable === true && Array.isArray(out.enum) && !out.enum.includes(null)) {
    out.enum = [...out.enum, null];
  }
  // ajv takes `nullable` only beside `type`; a nullable `anyOf` (an issue field's value) says
  // the same with null as one more alternative.
  if (out.nullable === true && out.type === undefined && Array.isArray(out.anyOf)) {
    delete out.nullable;
    out.anyOf = [...out.anyOf, { enum: [null] }];
  }
  return out;
}

function cleanMap(map: JsonObject, reached: Set<string>): JsonObject {
  const out: JsonObject = {};
  for (const [name, schema] of Object.entries(map)) out[name] = clean(schema, reached);
  return out;
}

/** The JSON schema of one response object, following a shared `components/responses` entry. */
function responseSchema(description: JsonObject, response: Json): Json | undefined {
  let target = response;
  if (isObject(target) && typeof target.$ref === 'string') {
    const name = target.$ref.slice(RESPONSE_REF.length);
    target = (description.components as JsonObject)['responses'] as JsonObject;
    target = target[name] as Json;
  }
  if (!isObject(target) || !isObject(target.content)) return undefined;

  const content = target.content;
  const media = isObject(content['application/json'])
    ? content['application/json']
    : Object.values(content).find(isObject);
  return isObject(media) ? media.schema : undefined;
}

/**
 * A response that is `oneOf` several error bodies (the contents API's 409: a basic error or a
 * rule violation) can never validate: neither body has a required field, so every answer
 * matches both. Either is a correct answer, which is what `anyOf` says.
 */
function errorsAsAnyOf(schema: Json): Json {
  if (!isObject(schema) || !Array.isArray(schema.oneOf)) return schema;
  const refs = schema.oneOf.map((item) => (isObject(item) ? item.$ref : undefined));
  const allErrors = refs.every((ref) => typeof ref === 'string' && /-error$/.test(ref));
  if (!allErrors) return schema;
  const { oneOf, ...rest } = schema;
  return { ...rest, anyOf: oneOf };
}

/** Builds the subset from a parsed description. */
export function extractSubset(description: JsonObject): JsonObject {
  const reached = new Set<string>();
  const operations: JsonObject = {};
  const paths = description.paths as JsonObject;

  for (const operation of OPERATIONS) {
    const [method, path] = operation.split(' ') as [string, string];
    const item = (paths[path] as JsonObject | undefined)?.[method.toLowerCase()];
    if (!isObject(item)) throw new Error(`${operation} is not in the description`);

    const byStatus: JsonObject = {};
    for (const [status, response] of Object.entries(item.responses as JsonObject)) {
      const schema = responseSchema(description, response);
      if (schema !== undefined) byStatus[status] = errorsAsAnyOf(clean(schema, reached));
    }
    operations[operation] = byStatus;
  }

  // Answers the description does not list (a 403 from team members) use GitHub's error body.
  reached.add('basic-error');
  const all = (description.components as JsonObject).schemas as JsonObject;
  const schemas: JsonObject = {};
  const queue = [...reached];
  while (queue.length > 0) {
    const name = queue.pop() as string;
    if (name in schemas) continue;
    const before = new Set(reached);
    schemas[name] = clean(all[name] as Json, reached);
    for (const found of reached) if (!before.has(found)) queue.push(found);
  }

  const info = description.info as JsonObject;
  const sorted = Object.fromEntries(Object.entries(schemas).sort(([a], [b]) => (a < b ? -1 : 1)));
  return {
    source: { openapi: description.openapi as Json, version: info.version as Json },
    operations,
    components: { schemas: sorted },
  };
}

function main(argv: string[]): void {
  const input = argv[0];
  if (input === undefined) {
    process.stderr.write('usage: extract-openapi <path to api.github.com.json>\n');
    process.exitCode = 2;
    return;
  }

  const description = JSON.parse(readFileSync(input, 'utf8')) as JsonObject;
  const output = fileURLToPath(
    new URL('../../../scripts/dev/github-stand-in/openapi-subset.json', import.meta.url),
  );
  const subset = extractSubset(description);
  writeFileSync(output, `${JSON.stringify(subset, null, 2)}\n`);

  const count = Object.keys((subset.components as JsonObject).schemas as JsonObject).length;
  process.stdout.write(`wrote ${output}: ${OPERATIONS.length} operations, ${count} schemas\n`);
}

// Run only when invoked as a script, so tests can import `extractSubset`.
if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) {
  main(process.argv.slice(2));
}
