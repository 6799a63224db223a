#!/usr/bin/env bash
# papercat where rapidyaml has no wheel (Alpine/musl, PyPy, free-threaded Python): installed
# without it, every command must work through the pure reader. Its own venv, so the main run
# keeps the fast reader. The subset covers every command (the hostile helper's choice, notes).
set -euo pipefail
cd "$(dirname "$0")/.."
venv="$(mktemp -d)/venv-without-rapidyaml"
trap 'rm -rf "$(dirname "$venv")"' EXIT
python3 -m venv "$venv"
"$venv/bin/pip" install --quiet '.[test]'
"$venv/bin/pip" uninstall --yes --quiet rapidyaml
"$venv/bin/python" -c "import importlib.util, sys; sys.exit(importlib.util.find_spec('ryml') is not None)"
# The readers' own tests check the one-time note that rapidyaml is missing; the rest run with the
# pure reader chosen quietly, since they assert that stderr holds exactly their one line.
"$venv/bin/python" -m pytest -q -p no:cacheprovider tests/reliability/test_yaml_readers.py
PAPERCAT_YAML_READER=pure "$venv/bin/python" -m pytest -q -p no:cacheprovider tests/cli tests/test_store.py tests/lint
echo "papercat without rapidyaml: passed"
