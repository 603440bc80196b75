/**
 * What an evidence path may look like, judged on its text alone: repository-relative, forward
 * slashes, never climbing out. The disk (symlinks) or the API (entry kinds) is checked after.
 */

/** Why `relative` cannot name a file inside the repository, or undefined when it can. */
export function evidencePathProblem(
  relative: string,
): { code: string; message: string } | undefined {
  const code = 'EVIDENCE_OUTSIDE_REPO';
  if (relative.includes('\\') || relative.includes('\0')) {
    return {
      code,
      message: `${JSON.stringify(relative)} must use forward slashes and no control characters`,
    };
  }
  if (relative.startsWith('/') || /^[A-Za-z]:/.test(relative)) {
    return {
      code,
      message: `${JSON.stringify(relative)} is absolute; write a path relative to the repository root`,
    };
  }
  if (relative.split('/').some((part) => part === '..')) {
    return {
      code,
      message: `${JSON.stringify(relative)} climbs out with ..; keep the export inside the repository`,
    };
  }
  return undefined;
}
