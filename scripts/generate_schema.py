"""Write src/papercat/catalog.schema.json from papercat.schema.build_schema().

Run it after changing a catalog field: `python scripts/generate_schema.py`.
`--check` exits 1 (and writes nothing) when the shipped file is not current, as CI does
through tests/test_catalog_schema.py.
"""

from __future__ import annotations

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from papercat.schema import SCHEMA_FILE, build_schema, dump_schema  # noqa: E402

TARGET = ROOT / "src" / "papercat" / SCHEMA_FILE


def main(argv: list[str]) -> int:
    text = dump_schema(build_schema())
    current = TARGET.read_text(encoding="utf-8") if TARGET.exists() else ""
    if "--check" in argv:
        if current != text:
            print(f"{TARGET.relative_to(ROOT)} is stale: run python scripts/generate_schema.py", file=sys.stderr)
            return 1
        return 0
    if current != text:
        TARGET.write_text(text, encoding="utf-8")
        print(f"wrote {TARGET.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
