/**
 * How the `validate` workflow must keep the validator's cache, checked on its text: a pull
 * request restores the newest cache main saved, a push to main saves one under its commit, both
 * steps pinned, the key naming the validator, and the cache folder outside the work tree. Each
 * problem has a stable code, the step it is in, and what to change.
 */
import { parse } from 'yaml';
import type { WorkflowProblem } from './workflow-policy.js';

type Json = Record<string, unknown>;
interface Step {
  index: number;
  uses: string;
  run: string;
  if: string;
  with: Json;
  env: Json;
  id: string;
}

const CACHE_USES = /^actions\/cache(\/restore|\/save)?@(.*)$/;
const SHA = /^[0-9a-f]{40}$/;
const SHA_SUFFIX = '${{ github.sha }}';
const OUTPUT_REF = /^\$\{\{ steps\.([\w-]+)\.outputs\.[\w-]+ \}\}/;
// What the key must name: the runner's OS, the Node major the job sets up, and the validator.
const KEY_PARTS: [string, RegExp][] = [
  ['the runner OS', /runner\.os|RUNNER_OS/],
  ['the Node major', /NODE_MAJOR/],
  ['package-lock.json', /hashFiles\([^)]*'package-lock\.json'/],
  ['scripts/**', /hashFiles\([^)]*'scripts\/\*\*'/],
  ['schemas/**', /hashFiles\([^)]*'schemas\/\*\*'/],
];
const TEMP_DIR = /^\$\{\{ runner\.temp \}\}\/\S+$/;

/** Every problem in the cache handling of the validate workflow's job `validate`. */
export function checkValidateCache(source: string): WorkflowProblem[] {
  const job = ((parse(source) as Json).jobs as Json).validate as Json;
  const steps = ((job.steps ?? []) as Json[]).map(toStep);
  const problems: WorkflowProblem[] = [];
  const add = (code: string, step: Step | undefined, message: string) =>
    problems.push({ code, where: `validate.steps[${step?.index ?? '-'}]`, message });

  const validate = steps.find((s) => s.run.startsWith('npm run validate'));
  const dir = text(validate?.env.PACKET_CACHE_DIR);
  if (!TEMP_DIR.test(dir) || dir.split('/').includes('..')) {
    add(
      'CACHE_DIR_OUTSIDE_RUNNER_TEMP',
      validate,
      'Set PACKET_CACHE_DIR under ${{ runner.temp }}.',
    );
  }
  const checkout = steps.find((s) => s.uses.startsWith('actions/checkout@'));
  const depth = Number(checkout?.with['fetch-depth'] ?? 1);
  if (depth !== 0 && depth < 2) {
    add('CHECKOUT_TOO_SHALLOW', checkout, 'Fetch depth 2, so the base commit’s tree is present.');
  }

  const node = steps.find((s) => s.uses.startsWith('actions/setup-node@'));
  if (text(node?.with['node-version']) !== '${{ env.NODE_MAJOR }}') {
    add('NODE_VERSION_NOT_KEYED', node, 'Set node-version to ${{ env.NODE_MAJOR }}, as keyed.');
  }

  const caching = steps.filter((s) => CACHE_USES.test(s.uses));
  const restore = caching.find((s) => !s.uses.startsWith('actions/cache/save@'));
  const save = caching.find((s) => !s.uses.startsWith('actions/cache/restore@'));
  if (!restore) add('CACHE_RESTORE_MISSING', undefined, 'Restore the cache on pull requests.');
  if (!save) add('CACHE_SAVE_MISSING', undefined, 'Save the cache on pushes to main.');
  const pins = new Set<string>();
  for (const step of caching) {
    const pin = CACHE_USES.exec(step.uses)?.[2] ?? '';
    if (SHA.test(pin)) pins.add(pin);
    const line = source.split('\n').find((l) => l.includes(`uses: ${step.uses}`)) ?? '';
    if (!SHA.test(pin) || !/ # v\d+\.\d+\.\d+$/.test(line)) {
      add('CACHE_UNPINNED', step, 'Pin to a full commit SHA with a `# vX.Y.Z` comment.');
    }
    if (dir !== '' && text(step.with.path) !== dir)
      add('CACHE_PATH_DIFFERS', step, 'Cache the folder PACKET_CACHE_DIR names.');
    checkKey(step, steps, add);
  }
  if (pins.size > 1) add('CACHE_PINS_DIFFER', save, 'Pin restore and save to the same commit.');

  checkWhen(restore, "github.event_name == 'pull_request'", 'CACHE_RESTORE_NOT_PR_ONLY', add);
  checkWhen(save, "github.event_name == 'push'", 'CACHE_SAVE_NOT_PUSH_ONLY', add);
  const at = (step?: Step) => step?.index ?? -1;
  if (
    validate &&
    (at(restore) > at(validate) || (save && save !== restore && at(save) < at(validate)))
  ) {
    add('CACHE_STEP_ORDER', validate, 'Restore before `npm run validate`, save after it.');
  }
  return problems;
}

/** The key ends with the commit; restore-keys is the key without it; the key names its parts. */
function checkKey(step: Step, steps: Step[], add: (c: string, s: Step, m: string) => void) {
  const key = text(step.with.key);
  if (!key.endsWith(SHA_SUFFIX)) {
    add('CACHE_KEY_WITHOUT_SHA', step, `End the key with ${SHA_SUFFIX}.`);
    return;
  }
  const prefix = key.slice(0, -SHA_SUFFIX.length);
  const restoring = !step.uses.startsWith('actions/cache/save@');
  // Restore-keys is the key without the commit: the newest cache saved under that prefix.
  if (restoring && (prefix === '' || text(step.with['restore-keys']).trim() !== prefix)) {
    add('CACHE_RESTORE_PREFIX', step, 'Set restore-keys to the key without the commit.');
  }

  // A prefix made by an earlier step is read from that step's script and environment.
  const source = OUTPUT_REF.exec(key)?.[1];
  const maker = steps.find((s) => s.id === source && s.index < step.index);
  const spelled = [key, maker?.run ?? '', ...Object.values(maker?.env ?? {}).map(text)].join('\n');
  const missing = KEY_PARTS.filter(([, pattern]) => !pattern.test(spelled)).map(([n]) => n);
  if (missing.length > 0)
    add('CACHE_KEY_INCOMPLETE', step, `Name ${missing.join(', ')} in the key.`);
}

function checkWhen(
  step: Step | undefined,
  expected: string,
  code: string,
  add: (c: string, s: Step, m: string) => void,
) {
  const condition = step?.if.replace(/^\$\{\{\s*|\s*\}\}$/g, '');
  if (step && condition !== expected) add(code, step, `Run this step only if ${expected}.`);
}

function toStep(value: Json, index: number): Step {
  return {
    index,
    uses: text(value.uses),
    run: text(value.run).trim(),
    if: text(value.if),
    with: (value.with ?? {}) as Json,
    env: (value.env ?? {}) as Json,
    id: text(value.id),
  };
}

function text(value: unknown): string {
  return typeof value === 'string' ? value : typeof value === 'number' ? String(value) : '';
}
