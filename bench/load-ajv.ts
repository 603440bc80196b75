/**
 * For scale: what loading a validator costs without precompiling, as a tool built on the
 * libraries alone pays on every run: import ajv and the YAML library, compile the packet schema.
 */
import { createRequire } from 'node:module';
import type { Ajv2020 as AjvClass } from 'ajv/dist/2020.js';

const load = createRequire(import.meta.url);
const { Ajv2020 } = load('ajv/dist/2020.js') as { Ajv2020: typeof AjvClass };
const formats = load('ajv-formats') as { default: (ajv: AjvClass) => void };
load('yaml');
const schema = load('../../schemas/packet.schema.json') as object;

const ajv = new Ajv2020({ allErrors: true, strict: true, allowUnionTypes: true });
formats.default(ajv);
ajv.compile(schema)({});
