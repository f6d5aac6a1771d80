#!/usr/bin/env python3
"""Add UI messages with their translations to the en, pl and bg catalogs.

Usage: ``python scripts/po_append.py ENTRIES.json`` where the file holds a list of
``{"msgid": "...", "pl": "...", "bg": "..."}`` (optionally ``"context"``, and for plurals
``"plural": "...", "pl": [3 forms], "bg": [2 forms]``). Entries already in a catalog are
left alone. Safe to run from several processes at once (a lock file serialises writers).
Afterwards ``scripts/i18n-extract.sh`` may sort the catalogs; it keeps the translations.
"""

from __future__ import annotations

import fcntl
import json
import sys
from pathlib import Path

LOCALES = Path(__file__).resolve().parent.parent / "src/journeymap/web/locales"


def quote(text: str) -> str:
    escaped = text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n")
    return f'"{escaped}"'


def block(entry: dict[str, object], code: str) -> str:
    lines = []
    if entry.get("context"):
        lines.append(f"msgctxt {quote(str(entry['context']))}")
    lines.append(f"msgid {quote(str(entry['msgid']))}")
    if entry.get("plural"):
        lines.append(f"msgid_plural {quote(str(entry['plural']))}")
        forms = entry.get(code) or ["", ""]
        assert isinstance(forms, list)
        for i, form in enumerate(forms):
            lines.append(f"msgstr[{i}] {quote(str(form))}")
    else:
        lines.append(f"msgstr {quote(str(entry.get(code) or ''))}")
    return "\n".join(lines) + "\n"


def known(text: str, entry: dict[str, object]) -> bool:
    head = f"msgid {quote(str(entry['msgid']))}\n"
    if entry.get("context"):
        head = f"msgctxt {quote(str(entry['context']))}\n" + head
        return head in text
    at = text.find(head)
    while at != -1:
        before = text[:at].rstrip("\n").rsplit("\n", 1)[-1]
        if not before.startswith("msgctxt"):
            return True
        at = text.find(head, at + 1)
    return False


def main(path: str) -> int:
    entries = json.loads(Path(path).read_text(encoding="utf-8"))
    with (LOCALES / ".po_append.lock").open("w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        for code in ("en", "pl", "bg"):
            catalog = LOCALES / code / "LC_MESSAGES" / "messages.po"
            text = catalog.read_text(encoding="utf-8")
            added = [block(e, code) for e in entries if not known(text, e)]
            if added:
                text = text.rstrip("\n") + "\n\n" + "\n".join(added)
                catalog.write_text(text, encoding="utf-8")
            print(f"{code}: {len(added)} added")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1]))
