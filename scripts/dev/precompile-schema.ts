/**
 * Run after the compile: writes each repository schema's validator as ajv standalone code beside
 * the compiled modules, so a validation run loads it instead of compiling the schema.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import standaloneModule from 'ajv/dist/standalone/index.js';
import { createAjv, precompiledPath, type SchemaSpec } from '../core/compiled-schema.js';
import { ALLOCATION_SCHEMA } from '../core/evidence/allocation-config.js';
import { POLICY_SCHEMA } from '../core/ownership/policy.js';
import { PACKET_SCHEMA } from '../core/packet/schema.js';

type Standalone = (ajv: unknown, validate: unknown) => string;
const standaloneCode = ((standaloneModule as unknown as { default?: Standalone }).default ??
  standaloneModule) as unknown as Standalone;

const core = path.join(path.dirname(fileURLToPath(import.meta.url)), '../core');

for (const spec of [PACKET_SCHEMA, POLICY_SCHEMA, ALLOCATION_SCHEMA] satisfies SchemaSpec[]) {
  const ajv = createAjv(spec, { code: { source: true } });
  const target = path.join(core, precompiledPath(spec));
  mkdirSync(path.dirname(target), { recursive: true });
  writeFileSync(target, standaloneCode(ajv, ajv.compile(spec.schema)));
}
