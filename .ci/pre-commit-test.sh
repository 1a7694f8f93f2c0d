#!/usr/bin/env bash
# Runs the `backend-gate` hook of .pre-commit-hooks.yaml through the real pre-commit tool, on a
# throwaway git repository holding fixtures/hooks/notes-api: the hook must fail on the app's
# hard-coded key, and pass once a suppression comment allows it. The app has no .gitignore, so
# `git add -A` stages whatever the first run left in its target folder: the result cache must
# ignore itself, or pre-commit sees the second run rewrite a staged file and fails the hook.
#
# Needs a built binary (`cargo build -p cargo-backend-gate`) and the hook definition committed
# (pre-commit clones this repository at HEAD, as it would from GitHub).
set -euo pipefail
repo="$(cd "$(dirname "$0")/.." && pwd)"
target="${CARGO_TARGET_DIR:-$repo/target}"
case "$target" in /*) ;; *) target="$repo/$target" ;; esac
bin="$target/debug/cargo-backend-gate"
if [ ! -x "$bin" ]; then
  echo "pre-commit test: $bin is missing; run \`cargo build -p cargo-backend-gate\` first" >&2
  exit 2
fi
if ! git -C "$repo" diff --quiet HEAD -- .pre-commit-hooks.yaml 2>/dev/null; then
  echo "pre-commit test: note: .pre-commit-hooks.yaml has uncommitted changes; the committed one is tested" >&2
fi

# pre-commit in a virtualenv of its own (kept under the target folder between runs), so neither
# the system Python nor the user's site-packages are touched.
venv="$target/ci/pre-commit-venv"
if [ ! -x "$venv/bin/pre-commit" ]; then
  rm -rf "$venv"
  if ! python3 -m venv "$venv" >/dev/null 2>&1; then
    # Debian and Ubuntu ship venv (with ensurepip) as a separate package.
    if command -v apt-get >/dev/null 2>&1; then
      sudo_cmd=""
      [ "$(id -u)" -ne 0 ] && sudo_cmd="sudo"
      $sudo_cmd apt-get update -qq && $sudo_cmd apt-get install -y -qq python3-venv >/dev/null
    fi
    rm -rf "$venv"
    python3 -m venv "$venv"
  fi
  "$venv/bin/python" -m pip install --quiet --disable-pip-version-check pre-commit
fi
pre_commit="$venv/bin/pre-commit"

work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
app="$work/notes-api"
cp -R "$repo/fixtures/hooks/notes-api" "$app"
cd "$app"
git init -q
cat > .pre-commit-config.yaml <<YAML
repos:
  - repo: $repo
    rev: $(git -C "$repo" rev-parse HEAD)
    hooks:
      - id: backend-gate
YAML
git add -A

export PATH="$(dirname "$bin"):$PATH"
export PRE_COMMIT_HOME="$work/pre-commit-home"
export PRE_COMMIT_COLOR=never

echo "== pre-commit hook: a hard-coded key fails the commit"
if "$pre_commit" run --all-files >"$work/out1" 2>&1; then
  cat "$work/out1"
  echo "pre-commit test: the hook passed, but src/main.rs has a BG201 finding" >&2
  exit 1
fi
if ! grep -q "BG201" "$work/out1"; then
  cat "$work/out1"
  echo "pre-commit test: the hook failed without reporting BG201" >&2
  exit 1
fi

echo "== pre-commit hook: suppressed, it passes"
sed -i.bak '/^pub const DEMO_API_KEY/i\
// backend-gate: allow(hardcoded-secret, reason = "public demo tenant key, printed in the guide")' src/main.rs
rm -f src/main.rs.bak
git add -A
if ! "$pre_commit" run --all-files >"$work/out2" 2>&1; then
  cat "$work/out2"
  echo "pre-commit test: the hook still fails after the suppression" >&2
  exit 1
fi
grep -q "backend-gate.*Passed" "$work/out2" || {
  cat "$work/out2"
  echo "pre-commit test: the hook did not run" >&2
  exit 1
}
echo "pre-commit test: ok"
