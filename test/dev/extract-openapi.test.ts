import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { extractSubset, OPERATIONS, type JsonObject } from '../../scripts/dev/extract-openapi.js';

const SUBSET = new URL('../../scripts/dev/github-stand-in/openapi-subset.json', import.meta.url);

interface Subset {
  source: JsonObject;
  operations: Record<string, JsonObject>;
  components: { schemas: Record<string, JsonObject> };
}

function extract(description: JsonObject): Subset {
  return extractSubset(description) as unknown as Subset;
}

/** A description with just enough in it: every operation answers with a `thing`. */
function description(): JsonObject & { paths: JsonObject } {
  const ok = {
    description: 'ok',
    content: { 'application/json': { schema: { $ref: '#/components/schemas/thing' } } },
  };
  const paths: Record<string, Record<string, unknown>> = {};
  for (const operation of OPERATIONS) {
    const [method, path] = operation.split(' ') as [string, string];
    paths[path] = {
      ...paths[path],
      [method.toLowerCase()]: {
        responses: { '200': ok, '404': { $ref: '#/components/responses/not_found' } },
      },
    };
  }
  const text = JSON.stringify({
    openapi: '3.0.3',
    info: { version: '1.2.3' },
    paths,
    components: {
      responses: {
        not_found: {
          content: { 'application/json': { schema: { $ref: '#/components/schemas/basic-error' } } },
        },
      },
      schemas: {
        thing: {
          type: 'object',
          description: 'dropped',
          'x-github': { dropped: true },
          discriminator: { propertyName: 'kind' },
          properties: {
            description: { type: 'string', example: 'kept: a property may be called description' },
            state: { type: 'string', enum: ['a', 'b'], nullable: true },
            owner: { $ref: '#/components/schemas/user' },
          },
        },
        user: { type: 'object', properties: { login: { type: 'string' } } },
        'basic-error': { type: 'object', properties: { message: { type: 'string' } } },
        unused: { type: 'string' },
      },
    },
  });
  return JSON.parse(text) as JsonObject & { paths: JsonObject };
}

describe('extract-openapi', () => {
  it('keeps each operation by status and every schema it reaches, and nothing else', () => {
    const subset = extract(description());

    expect(Object.keys(subset.operations)).toEqual([...OPERATIONS]);
    expect(subset.operations[OPERATIONS[0]]).toEqual({
      '200': { $ref: '#/components/schemas/thing' },
      '404': { $ref: '#/components/schemas/basic-error' },
    });
    expect(Object.keys(subset.components.schemas)).toEqual(['basic-error', 'thing', 'user']);
    expect(subset.source).toEqual({ openapi: '3.0.3', version: '1.2.3' });
  });

  it('drops annotations, vendor keys and discriminators, and lets a nullable enum hold null', () => {
    const thing = extract(description()).components.schemas.thing;

    expect(thing).toEqual({
      type: 'object',
      properties: {
        description: { type: 'string' },
        state: { type: 'string', enum: ['a', 'b', null], nullable: true },
        owner: { $ref: '#/components/schemas/user' },
      },
    });
  });

  it.each([
    {
      name: 'a choice of error bodies becomes anyOf: no answer could match just one',
      oneOf: [
        { $ref: '#/components/schemas/basic-error' },
        { $ref: '#/components/schemas/rule-error' },
      ],
      key: 'anyOf',
    },
    {
      name: 'a choice that includes a success body stays oneOf',
      oneOf: [{ $ref: '#/components/schemas/basic-error' }, { $ref: '#/components/schemas/thing' }],
      key: 'oneOf',
    },
  ])('$name', ({ oneOf, key }) => {
    const input = description();
    const path = input.paths['/repos/{owner}/{repo}/check-runs'] as JsonObject;
    const post = path.post as { responses: JsonObject };
    post.responses['409'] = { content: { 'application/json': { schema: { oneOf } } } };
    const schemas = (input.components as { schemas: JsonObject }).schemas;
    schemas['rule-error'] = { type: 'object' };

    const answer = extract(input).operations['POST /repos/{owner}/{repo}/check-runs']!['409'];

    expect(answer).toEqual({ [key]: oneOf });
  });

  it('fails on an operation the description lacks', () => {
    const broken = description();
    delete broken.paths['/repos/{owner}/{repo}/check-runs'];

    expect(() => extractSubset(broken)).toThrow('POST /repos/{owner}/{repo}/check-runs is not in');
  });

  it('the committed subset covers exactly the operations the workflows call', () => {
    const committed = JSON.parse(readFileSync(SUBSET, 'utf8')) as { operations: object };

    expect(Object.keys(committed.operations)).toEqual([...OPERATIONS]);
  });
});
