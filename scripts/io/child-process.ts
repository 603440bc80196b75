/**
 * Node's child_process, loaded when a run first starts a process rather than with the command:
 * a pull request's run reads git's object files and starts none, and loading the module (with
 * the sockets and streams it brings) costs about as much as that run's checks of a packet.
 */
import type * as ChildProcesses from 'node:child_process';
import { promisify } from 'node:util';

type Module = typeof ChildProcesses;

const loaded = (): Module => process.getBuiltinModule('node:child_process');

/** child_process.spawn. */
export const spawn = ((...args: Parameters<Module['spawn']>) =>
  loaded().spawn(...args)) as Module['spawn'];

/** child_process.execFileSync. */
export const execFileSync = ((...args: Parameters<Module['execFileSync']>) =>
  loaded().execFileSync(...args)) as Module['execFileSync'];

/** child_process.execFile as a promise of the process's output (as util.promisify makes it). */
export const execFileAsync = ((...args: Parameters<Module['execFile']['__promisify__']>) =>
  promisify(loaded().execFile)(...args)) as Module['execFile']['__promisify__'];
