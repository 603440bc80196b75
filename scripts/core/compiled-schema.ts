/**
 * Validators for the repository's JSON Schemas (packet, policy, allocation). The build writes
 * each one as ajv standalone code (`npm run build`), and a run loads that code instead of
 * compiling the schema, which costs more than starting Node; ajv itself is then never loaded.
 * Run from sources (the tests), a schema is compiled on its first use.
 */
import { createRequire } from 'node:module';
import type { Ajv2020, ErrorObject, Options } from 'ajv/dist/2020.js';

type AjvClass = typeof Ajv2020;

/** A compiled schema: true for valid data, else false with `errors` set. */
export interface SchemaValidator<T = unknown> {
  (data: unknown): data is T;
  errors?: ErrorObject[] | null;
}

/** One schema and the ajv settings it is checked with, at build time and at run time alike. */
export interface SchemaSpec {
  /** File stem of the precompiled code: `<name>.validator.cjs` in `compiled-schemas/`. */
  name: string;
  schema: object;
  options: Options;
  /** Whether the schema uses `format` (ajv-formats). */
  formats: boolean;
}

const load = createRequire(import.meta.url);

/** Where the build writes a spec's validator, relative to this module. */
export function precompiledPath(spec: SchemaSpec): string {
  return `./compiled-schemas/${spec.name}.validator.cjs`;
}

/**
 * An ajv instance for a spec. No coercion, no defaults, no removal, no $data anywhere: data is
 * judged exactly as written.
 */
export function createAjv(spec: SchemaSpec, extra: Pick<Options, 'code'> = {}): Ajv2020 {
  const { Ajv2020: Ajv } = load('ajv/dist/2020.js') as { Ajv2020: AjvClass };
  const ajv = new Ajv({ ...spec.options, ...extra });
  if (spec.formats) {
    const formats = load('ajv-formats') as { default: (ajv: Ajv2020) => Ajv2020 };
    formats.default(ajv);
  }
  return ajv;
}

/**
 * The spec's validator, loaded (or compiled) on first call, so a run that checks nothing of
 * this kind never pays for it.
 */
export function lazyValidator<T>(spec: SchemaSpec): SchemaValidator<T> {
  let compiled: SchemaValidator<T> | undefined;

  const validate = ((data: unknown): data is T => {
    compiled ??= loadValidator(spec);
    const valid = compiled(data);
    // Stored only when there is something to say: most data is valid.
    if (!valid || validate.errors) validate.errors = valid ? null : compiled.errors;
    return valid;
  }) as SchemaValidator<T>;
  return validate;
}

function loadValidator<T>(spec: SchemaSpec): SchemaValidator<T> {
  try {
    return loadPrecompiled(spec) as SchemaValidator<T>;
  } catch {
    return createAjv(spec).compile<T>(spec.schema);
  }
}

/** The build's standalone code for a spec. The command's bundle joins it in (see bundle.ts). */
function loadPrecompiled(spec: SchemaSpec): unknown {
  return load(precompiledPath(spec));
}
