import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { renderFieldReference, updateReadme } from '../scripts/core/render/field-reference.js';
import { REPO_ROOT } from './support/paths.js';

const readme = readFileSync(path.join(REPO_ROOT, 'README.md'), 'utf8');
const schema = JSON.parse(readFileSync(path.join(REPO_ROOT, 'schemas/packet.schema.json'), 'utf8'));

describe('README', () => {
  it('has the field reference the schema generates (run `npm run docs` when this fails)', () => {
    expect(updateReadme(readme, renderFieldReference(schema))).toBe(readme);
  });

  it('lists every top-level field of the schema', () => {
    for (const name of Object.keys(schema.properties as object)) {
      expect(readme).toContain(`| \`${name}\``);
    }
  });

  it('documents the two commands a new user runs', () => {
    expect(readme).toContain('npm ci && npm run validate');
    expect(readme).toContain('npm test');
  });

  it('shows the demo of the whole cycle in the quick start, after the two commands', () => {
    const quickStart = readme.slice(readme.indexOf('## Quick start'), readme.indexOf('## Filing'));
    expect(quickStart.indexOf('`npm run demo`')).toBeGreaterThan(quickStart.indexOf('npm test'));
  });
});

describe('the schema', () => {
  it('describes and exemplifies every property, at every level', () => {
    const missing: string[] = [];
    const visit = (node: Record<string, unknown>, at: string) => {
      const properties = (node.properties ?? {}) as Record<string, Record<string, unknown>>;
      for (const [name, field] of Object.entries(properties)) {
        if (typeof field.description !== 'string') missing.push(`${at}${name}: description`);
        if (!Array.isArray(field.examples) && !Array.isArray(field.enum) && !field.items) {
          if (!field.properties) missing.push(`${at}${name}: example`);
        }
        visit(field, `${at}${name}.`);
        if (field.items) visit(field.items as Record<string, unknown>, `${at}${name}[].`);
      }
    };
    visit(schema, '');
    expect(missing).toEqual([]);
  });

  it('closes every object to unknown fields', () => {
    const open: string[] = [];
    const visit = (node: unknown, at: string) => {
      if (node === null || typeof node !== 'object') return;
      const record = node as Record<string, unknown>;
      if (record.type === 'object' && record.additionalProperties === undefined) open.push(at);
      for (const [key, value] of Object.entries(record)) visit(value, `${at}/${key}`);
    };
    visit(schema, '');
    expect(open).toEqual([]);
  });
});
