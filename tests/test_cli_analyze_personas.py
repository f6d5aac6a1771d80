"""``journeymap analyze personas``: the CSV contract on files and on a workspace, --save."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest

from cli_support import analyze_app, invoke, run
from journeymap.cli.analyze_personas import register
from journeymap.workbench import Workbench
from persona_support import persona_workspace, planted_kinds, write_batch

SUMMARY = ("persona,name,source,customers,share,traits,typical_path,nps,nps_n,csat,csat_n,"
           "churn_rate,revenue,revenue_per_customer")


def rows(text: str) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(text)))


@pytest.fixture
def files(tmp_path: Path) -> tuple[Path, Path, Path]:
    return write_batch(tmp_path / "batch1")


def test_members_from_files(files: tuple[Path, Path, Path], tmp_path: Path) -> None:
    events, customers, transactions = files
    code, out, err = run("analyze", "personas", "--events", events, "--customers", customers,
                         "--transactions", transactions, "--format", "csv")
    assert code == 0, err
    assert out.splitlines()[0] == "customer_id,persona"
    found = rows(out)
    assert len(found) == 24
    kinds = planted_kinds(tmp_path)
    by_persona: dict[str, set[str]] = {}
    for row in found:
        by_persona.setdefault(row["persona"], set()).add(kinds[row["customer_id"]])
    assert sorted(by_persona) == ["cluster-1", "cluster-2", "cluster-3"]
    assert sorted(len(k) for k in by_persona.values()) == [1, 1, 1]
    assert "3 personas: the best silhouette" in err


def test_summary_from_files_with_k_and_seed(files: tuple[Path, Path, Path]) -> None:
    events, customers, _ = files
    args = ("analyze", "personas", "--events", events, "--customers", customers, "--k", "3",
            "--seed", "4", "--summary", "--format", "csv")
    code, out, err = run(*args)
    assert code == 0, err
    assert out.splitlines()[0] == SUMMARY
    summary = rows(out)
    assert [r["customers"] for r in summary] == ["8", "8", "8"]
    assert sorted(r["share"] for r in summary) == ["0.333333"] * 3
    assert all(r["source"] == "clustering" and r["traits"] for r in summary)
    assert "3 personas (--k)" in err
    assert run(*args)[1] == out  # the same seed, the same answer


def test_json_summary(files: tuple[Path, Path, Path]) -> None:
    code, out, err = run("analyze", "personas", "--events", files[0], "--summary",
                         "--format", "json", "--k", "2")
    assert code == 0, err
    found = json.loads(out)
    assert len(found) == 2 and set(found[0]) == set(SUMMARY.split(","))


def test_names_in_the_language_asked_for(files: tuple[Path, Path, Path]) -> None:
    events, customers, _ = files
    code, out, err = run("analyze", "personas", "--events", events, "--customers", customers,
                         "--summary", "--format", "json", "--language", "pl")
    assert code == 0, err
    assert sorted(row["name"] for row in json.loads(out)) == [
        "Miasto: Plovdiv, kanał: strona www, bardzo aktywni",
        "Miasto: Sofia, rzadko aktywni, nowi", "Miasto: Warszawa, kanał: aplikacja, młodsi"]
    code, out, err = run("analyze", "personas", "--events", events, "--customers", customers,
                         "--summary", "--format", "json", "--language", "BG")
    assert code == 0, err
    assert sorted(row["name"] for row in json.loads(out)) == [
        "Град: Plovdiv, канал: уеб, много активни", "Град: Sofia, рядко активни, новодошли",
        "Град: Warszawa, канал: приложение, по-млади"]
    code, _, err = run("analyze", "personas", "--events", events, "--language", "de")
    assert code == 2 and "--language" in err


def test_workspace_save_then_list(tmp_path: Path) -> None:
    workspace = persona_workspace(tmp_path / "ws")
    code, out, err = run("analyze", "personas", "--workspace", workspace, "--save",
                         "--format", "csv")
    assert code == 0, err
    assert "saved 3 personas: added cluster-1, cluster-2, cluster-3; kept none" in err
    with Workbench.open(workspace) as bench:
        names = [p.id for p in bench.document().personas]
    assert names == ["ola", "cluster-1", "cluster-2", "cluster-3"]
    again = run("analyze", "personas", "--workspace", workspace, "--format", "csv")
    assert again[0] == 0 and again[1] == out  # not saved, matched to the stored personas


@pytest.mark.parametrize(("args", "message"), [
    (("--save",), "--save: only on a workspace"),
    (("--k", "1"), "k"),
])
def test_bad_input_exits_2(files: tuple[Path, Path, Path], args: tuple[str, ...],
                           message: str) -> None:
    code, _, err = run("analyze", "personas", "--events", files[0], *args)
    assert code == 2 and message in err


def test_file_options_need_events(tmp_path: Path, files: tuple[Path, Path, Path]) -> None:
    workspace = persona_workspace(tmp_path / "ws")
    code, _, err = run("analyze", "personas", "--workspace", workspace,
                       "--customers", files[1])
    assert code == 2 and "--customers: only used with --events FILE" in err


def test_bad_transaction_values(tmp_path: Path, files: tuple[Path, Path, Path]) -> None:
    bad = tmp_path / "paid.csv"
    bad.write_text("customer_id,value\nc001,12\nc002,lots\n", encoding="utf-8")
    code, _, err = run("analyze", "personas", "--events", files[0], "--transactions", bad)
    assert code == 2 and "1 row(s) have a value that is not a number" in err
    missing = tmp_path / "nocustomer.csv"
    missing.write_text("id,age\n1,2\n", encoding="utf-8")
    code, _, err = run("analyze", "personas", "--events", files[0], "--customers", missing)
    assert code == 2 and "no 'customer_id' column" in err


def test_help_lists_the_columns() -> None:
    code, out, _ = invoke(analyze_app(register), "analyze", "personas", "--help")
    assert code == 0
    assert "customer_id,persona" in out and SUMMARY in out.replace("\n", "")
