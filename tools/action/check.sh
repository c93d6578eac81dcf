#!/usr/bin/env bash
# The body of the GitHub composite action (action.yml): runs `evn check --format
# github` (annotations on the pull request), and first, when EVN_SARIF_FILE is set,
# `evn check --format sarif` into that file. Exits with the status of the github run.
#
#   EVN=path/to/evn EVN_PATHS="reviews" EVN_ARGS="--deny-warnings" EVN_SARIF_FILE=evn.sarif tools/action/check.sh
set -euo pipefail

evn="${EVN:-evn}"
read -r -a paths <<<"${EVN_PATHS:-}"
read -r -a args <<<"${EVN_ARGS:-}"

if [ -n "${EVN_SARIF_FILE:-}" ]; then
  # The SARIF run reports the same diagnostics; its status is the next run's.
  "$evn" check --format sarif "${args[@]}" "${paths[@]}" >"$EVN_SARIF_FILE" || true
  echo "wrote $EVN_SARIF_FILE"
  if [ -n "${GITHUB_OUTPUT:-}" ]; then
    echo "sarif-file=$EVN_SARIF_FILE" >>"$GITHUB_OUTPUT"
  fi
fi

"$evn" check --format github "${args[@]}" "${paths[@]}"
