#!/bin/sh
# Git pre-commit hook: validates the packets staged for this commit, as staged, and stops the
# commit when any has an error. Install with:
#   ln -s ../../scripts/dev/pre-commit.sh .git/hooks/pre-commit
# Skip it once with `git commit --no-verify` (the pull request's checks still run).
set -eu

root=$(git rev-parse --show-toplevel)
cd "$root"

# Nothing to do when no packet is staged; keeps commits to code and docs fast.
if ! git diff --cached --name-only --diff-filter=ACMR -- 'packets/*.yaml' 'packets/*.yml' |
  grep -q .; then
  exit 0
fi

if [ ! -d node_modules ]; then
  echo "pre-commit: run \`npm ci\` first, then commit again" >&2
  exit 1
fi

npm run -s validate -- --staged || {
  echo "pre-commit: fix the findings above, \`git add\` the packet, then commit again" >&2
  exit 1
}
