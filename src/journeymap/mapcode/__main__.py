"""``python -m journeymap.mapcode --write-schema``: regenerate the published JSON Schema."""

from __future__ import annotations

import argparse
import sys

from journeymap.mapcode.schema import PUBLISHED_SCHEMA, schema_text, write_schema


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m journeymap.mapcode")
    parser.add_argument(
        "--write-schema", action="store_true", help=f"rewrite {PUBLISHED_SCHEMA.name}"
    )
    args = parser.parse_args(argv)
    if args.write_schema:
        print(f"wrote {write_schema()}")
    else:
        sys.stdout.write(schema_text())
    return 0


if __name__ == "__main__":
    sys.exit(main())
