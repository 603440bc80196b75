/**
 * Checking files: on every thread worth starting, once the repository configuration the checks
 * use is read. Shared by a run over the whole repository and a run planned from the tree index.
 */
import { availableParallelism } from 'node:os';
import type { AllocationConfig } from '../core/evidence/allocation.js';
import type { BillingClose } from '../core/ownership/policy.js';
import type { Finding } from '../core/packet/finding.js';
import type { ChunkRequest, ChunkResult } from './validate-chunk.js';
import { startPool } from './validate-pool.js';

/**
 * Files each extra thread must have to be worth starting. A worker loads the validator and warms
 * up its compiler afresh, and threads on a small machine slow each other down (on a 2-core
 * runner, two threads checked packets only about 15 % faster than one): measured there, 10,000
 * packets ran 5 % faster on one thread than on two, so a second thread starts above that.
 */
const FILES_PER_WORKER = 10_000;

/** PACKET_MIN_FILES_PER_WORKER lowers the threshold, so tests can run workers on small corpora. */
function filesPerWorker(env: NodeJS.ProcessEnv): number {
  const value = Number(env.PACKET_MIN_FILES_PER_WORKER);
  return Number.isInteger(value) && value > 0 ? value : FILES_PER_WORKER;
}

/** What checking files needs from the run's options. */
export interface CheckOptions {
  root: string;
  workers?: number;
  skipExports?: boolean;
  filedOn?: string;
}

export interface Checked {
  results: ChunkResult[];
  setup: RepositorySetup;
  workers: number;
}

/**
 * Checks files on every thread, starting as soon as the configuration the checks use is read;
 * the findings about the configuration itself are gathered meanwhile. `known` is the setup the
 * cache kept, when it did.
 */
export async function checkFiles(
  options: CheckOptions,
  files: readonly string[],
  known: RepositorySetup | undefined,
): Promise<Checked> {
  if (files.length === 0 && known) return { results: [], setup: known, workers: 0 };
  const cores = options.workers ?? availableParallelism();
  const threads = Math.min(cores, Math.ceil(files.length / filesPerWorker(process.env)));
  const pool = await startPool(Math.max(0, threads - 1));

  const steps = known ? undefined : readSetup(options.root, options.skipExports !== true);
  steps?.complete.catch(() => undefined);
  let forChecks: Pick<RepositorySetup, 'allocation' | 'billingClose'>;
  try {
    forChecks = known ?? (await steps!.forChecks);
  } catch (error) {
    await pool.close();
    throw error;
  }
  const request: Omit<ChunkRequest, 'paths'> = {
    root: options.root,
    allocation: forChecks.allocation,
    skipExports: options.skipExports,
    billingClose: forChecks.billingClose,
    filedOn: options.filedOn,
  };
  const results = await pool.check(request, files);
  return { results, setup: known ?? (await steps!.complete), workers: pool.workers };
}

/**
 * What every check of this repository shares: the allocation config, the policy's close rule,
 * and the findings about the configuration itself (allocation, policy, CODEOWNERS mapping).
 */
export interface RepositorySetup {
  allocation: AllocationConfig;
  billingClose?: BillingClose;
  findings: Finding[];
}

export async function loadSetup(root: string): Promise<RepositorySetup> {
  return readSetup(root, true).complete;
}

/**
 * Reads the configuration in the order the checks need it: first what checking a file uses (the
 * close rule, and the allocation when exports are read), so checking can start while the rest is
 * read; then the findings about the configuration itself (allocation, policy, CODEOWNERS).
 */
function readSetup(root: string, withAllocation: boolean) {
  const repoChecks = import('./repo-checks.js');
  const allocationOf = async () => (await import('../io/evidence.js')).loadAllocation(root);

  const policy = repoChecks.then((m) => m.readPolicy(root));
  const early = withAllocation ? policy.then(() => allocationOf()) : undefined;
  const forChecks = Promise.all([policy, early]).then(async ([read, allocation]) => ({
    billingClose: read.policy?.billingClose,
    // Loaded only here: a run whose setup the cache kept never needs the allocation module.
    allocation:
      allocation?.config ?? (await import('../core/evidence/allocation.js')).EMPTY_ALLOCATION,
  }));

  const complete = forChecks.then(async (): Promise<RepositorySetup> => {
    const read = await policy;
    const allocation = await (early ?? allocationOf());
    const owners = await (await repoChecks).checkOwners(root, read.policy);
    return {
      allocation: allocation.config,
      billingClose: read.policy?.billingClose,
      findings: [...allocation.findings, ...read.findings, ...owners],
    };
  });
  return { forChecks, complete };
}
