"""docs/cli.md is generated from the commands; an undocumented option fails here."""

from __future__ import annotations

from pathlib import Path

from journeymap.cli.reference import cli_reference

DOC = Path(__file__).parent.parent / "docs" / "cli.md"


def test_cli_reference_is_up_to_date() -> None:
    assert DOC.read_text(encoding="utf-8") == cli_reference(), (
        "docs/cli.md is out of date: run `python -m journeymap.cli.reference > docs/cli.md`")


def test_every_command_and_option_has_help() -> None:
    text = cli_reference()
    assert "| `" in text
    for line in text.splitlines():
        if line.startswith("| `"):
            meaning = line.split(" | ", 1)[1].strip(" |")
            assert meaning and not meaning.startswith("["), f"option without help: {line}"
    for header in [line for line in text.splitlines() if line.startswith("#")][1:]:
        following = text.split(header + "\n\n", 1)[1]
        assert not following.startswith("#"), f"command without a description: {header}"
