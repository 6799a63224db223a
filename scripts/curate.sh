#!/usr/bin/env bash
# Replay the curation of the shipped list (docs/curation-log.md): from the imported seed README to
# the catalog.yaml and README.md this repository ships, with papercat commands only.
#
#   scripts/curate.sh [CATALOG]     # default: a new temporary folder; README.md is written beside it
#
# Offline: arXiv and Crossref answers come from the recorded fixtures, served on 127.0.0.1 by
# tests/fixtures/replay_server.py on a free port. $PYTHON is the interpreter with papercat
# installed (default: .venv/bin/python, else python3). tests/test_curation_replay.py runs this
# script and compares its result with the shipped catalog.yaml.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
if [[ -z "${PYTHON:-}" ]]; then
    if [[ -x .venv/bin/python ]]; then PYTHON=.venv/bin/python; else PYTHON=python3; fi
fi

CATALOG="${1:-$(mktemp -d)/catalog.yaml}"
mkdir -p "$(dirname "$CATALOG")"
CATALOG="$(cd "$(dirname "$CATALOG")" && pwd)/$(basename "$CATALOG")"
README="$(dirname "$CATALOG")/README.md"
export PAPERCAT_CATALOG="$CATALOG"

papercat() { "$PYTHON" -m papercat "$@"; }

# expect CODE COMMAND...: run a step that is meant to end with exit code CODE (e.g. 1: findings left).
expect() {
    local want="$1" got=0
    shift
    "$@" || got=$?
    if [[ "$got" != "$want" ]]; then
        echo "curate.sh: '$*' exited $got, expected $want" >&2
        exit 1
    fi
}

# The metadata sources: a replay server on a free port, and a metadata cache of our own.
WORK="$(mktemp -d)"
"$PYTHON" tests/fixtures/replay_server.py 0 >"$WORK/server.out" &
SERVER_PID=$!
trap 'kill "$SERVER_PID" 2>/dev/null || true; wait "$SERVER_PID" 2>/dev/null || true; rm -rf "$WORK"' EXIT
for _ in $(seq 100); do
    [[ -s "$WORK/server.out" ]] && break
    sleep 0.1
done
SERVER="$(head -n 1 "$WORK/server.out")"
[[ "$SERVER" == http://127.0.0.1:* ]] || { echo "curate.sh: the replay server did not start" >&2; exit 1; }
export PAPERCAT_ARXIV_API="$SERVER/api/query" PAPERCAT_CROSSREF_API="$SERVER/works" PAPERCAT_HTTP_DELAY=0
export PAPERCAT_CACHE_DIR="$WORK/cache"

echo "== curating $CATALOG (metadata from $SERVER)"

# 0. Start: the seed README, imported faithfully, with the list's real intro.
papercat import tests/data/seed-README.md -o "$CATALOG" --force --layout papercat
papercat config intro --file docs/list-intro.md

# 1. Empty sections render with a line inviting a contribution (the exact `papercat add`).
papercat config empty_sections note

# 2. Conflicts: two rows carry another paper's arXiv id; give each its own link.
papercat edit diversify-your-vision-datasets-2023 --url https://arxiv.org/abs/2305.16289
papercat edit tinystories-how-small-can-2023 --url https://arxiv.org/abs/2305.07759

# 3. One entry per paper, filed in every section it was listed in.
papercat dedupe --merge --yes

# 4. Safe fixes: pdf/versioned arXiv URLs, canonical venues, years that contradict the id.
#    (README.md is rendered in step 7; until then it is stale by construction: PC501 ignored.)
papercat lint --fix --ignore PC501

# 5. Titles and years as arXiv and Crossref have them today. One drift is left for a human
#    (exit 1): arXiv retitled 2307.02179, which refresh cannot tell from a wrong link.
expect 1 papercat refresh --all --apply

# 6. The human decisions (docs/curation-log.md says why), then refresh must find nothing.
papercat edit open-source-large-language-2023 \
    --title "Open-Source LLMs for Text Annotation: A Practical Guide for Model Setting and Fine-Tuning" \
    --note "First version's title: Open-source large language models outperform crowd workers and approach ChatGPT in text-annotation tasks"
papercat edit chatgpt-outperforms-crowd-workers-2023 --url https://doi.org/10.1073/pnas.2305016120
papercat edit self-instruct-aligning-language-2023 --venue ACL
papercat edit wizardcoder-empowering-code-large-2023 --note ""
papercat refresh --all

# 7. The page.
papercat render -o "$README"

# The end state, as .ci/run checks it.
papercat lint --strict
papercat dedupe
papercat render --check "$README"
echo "== curated: $CATALOG and $README"
