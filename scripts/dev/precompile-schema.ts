/**
 * Run after the compile: writes the packet schema's validator as ajv standalone code beside the
 * compiled schema module, so a validation run loads it instead of compiling the schema.
 */
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import standaloneModule from 'ajv/dist/standalone/index.js';
import { createAjv, packetSchema, PRECOMPILED_VALIDATOR } from '../core/packet/schema.js';

type Standalone = (ajv: unknown, validate: unknown) => string;
const standaloneCode = ((standaloneModule as unknown as { default?: Standalone }).default ??
  standaloneModule) as unknown as Standalone;

const ajv = createAjv({ code: { source: true } });
const code = standaloneCode(ajv, ajv.compile(packetSchema));
const here = path.dirname(fileURLToPath(import.meta.url));
writeFileSync(path.join(here, '../core/packet', PRECOMPILED_VALIDATOR), code);
