/**
 * Where GitHub looks for the CODEOWNERS file of a branch, in order; the first found wins.
 */
export const CODEOWNERS_LOCATIONS = [
  '.github/CODEOWNERS',
  'CODEOWNERS',
  'docs/CODEOWNERS',
] as const;

/**
 * Picks the CODEOWNERS file GitHub would use, given a test for whether a path exists (at the
 * base commit). Returns undefined when there is none.
 */
export function findCodeownersFile(exists: (path: string) => boolean): string | undefined {
  return CODEOWNERS_LOCATIONS.find((path) => exists(path));
}
