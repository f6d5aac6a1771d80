"""Personas on a workspace: discover and save, refresh with identity, describe, edit, filter."""

from __future__ import annotations

from pathlib import Path

import duckdb
import ibis
import pytest

from journeymap.analytics.personas import ClusterSpec
from journeymap.errors import ConflictError, InputError, NotFoundError
from journeymap.model import PersonaSource
from journeymap.workbench.numbers import NumbersFilter, map_numbers
from journeymap.workbench.personas import discover_personas, edit_persona, next_ids
from journeymap.workbench.personas_cards import personas_overview
from journeymap.workbench.segments import persona_members
from persona_support import (
    import_batch,
    open_bench,
    persona_workspace,
    planted_kinds,
    write_batch,
)


@pytest.fixture
def workspace(tmp_path: Path) -> Path:
    return persona_workspace(tmp_path / "ws")


def members_by_kind(folder: Path) -> dict[str, set[str]]:
    """persona -> the planted kinds of its customers, from the stored membership."""
    con = duckdb.connect(str(folder / "analytics.duckdb"), read_only=True)
    try:
        rows = con.execute("SELECT customer_id, persona FROM persona_members").fetchall()
    finally:
        con.close()
    kinds = planted_kinds(folder)
    found: dict[str, set[str]] = {}
    for customer, persona in rows:
        found.setdefault(persona, set()).add(kinds[customer])
    return found


def test_discover_saves_personas_and_membership(workspace: Path) -> None:
    with open_bench(workspace) as bench:
        found = discover_personas(bench, save=True)
        document = bench.document()
    assert found.run.clustering.k == 3 and found.added == ("cluster-1", "cluster-2", "cluster-3")
    clustered = [p for p in document.personas if p.source is PersonaSource.CLUSTERING]
    assert [(p.id, p.name) for p in clustered] == [
        ("cluster-1", "Sofia city, rarely active, newcomers"),
        ("cluster-2", "Plovdiv city, web-first, very active"),
        ("cluster-3", "Warszawa city, app-first, younger")]
    assert clustered[2].attributes["city"] == "Warszawa"
    assert clustered[2].description.startswith("Found by clustering the data up to 2024-03-01: "
                                                "8 customers (33.3%). city=Warszawa")
    assert members_by_kind(workspace) == {"cluster-1": {"store"}, "cluster-2": {"web"},
                                          "cluster-3": {"app"}}
    rows = {row["persona"]: row for row in found.rows}
    assert (rows["cluster-1"]["customers"], rows["cluster-1"]["revenue"],
            rows["cluster-1"]["typical_path"]) == (8, 2724.0, "purchase > service")
    assert rows["cluster-3"]["typical_path"] == "awareness"


def test_names_and_descriptions_in_the_language_asked_for(workspace: Path) -> None:
    with open_bench(workspace) as bench:
        discover_personas(bench, save=True, language="pl")
        polish = [p for p in bench.document().personas if p.source is PersonaSource.CLUSTERING]
        edit_persona(bench, "cluster-1", {"name": "Sklepowa Sofia"},
                     expected_version=bench.get("persona/cluster-1").version)
        # a refresh in another language keeps every name a persona has (edited or not)
        again = discover_personas(bench, save=True, language="bg")
        kept = [p for p in bench.document().personas if p.source is PersonaSource.CLUSTERING]
    assert [(p.id, p.name) for p in polish] == [
        ("cluster-1", "Miasto: Sofia, rzadko aktywni, nowi"),
        ("cluster-2", "Miasto: Plovdiv, kanał: strona www, bardzo aktywni"),
        ("cluster-3", "Miasto: Warszawa, kanał: aplikacja, młodsi")]
    assert polish[0].description.startswith(
        "Znaleziona przez grupowanie danych do 2024-03-01: 8 osób (33,3%). city=Sofia")
    assert again.kept == ("cluster-1", "cluster-2", "cluster-3")
    assert [p.name for p in kept] == ["Sklepowa Sofia",
                                      "Miasto: Plovdiv, kanał: strona www, bardzo aktywni",
                                      "Miasto: Warszawa, kanał: aplikacja, młodsi"]


def test_bulgarian_names(workspace: Path) -> None:
    with open_bench(workspace) as bench:
        found = discover_personas(bench, language="bg")
    assert [p.name for p in found.run.personas] == [
        "Град: Sofia, рядко активни, новодошли", "Град: Plovdiv, канал: уеб, много активни",
        "Град: Warszawa, канал: приложение, по-млади"]
    assert [row["name"] for row in found.rows] == [p.name for p in found.run.personas]


def test_without_save_nothing_is_written(workspace: Path) -> None:
    with open_bench(workspace) as bench:
        found = discover_personas(bench)
        assert not found.saved and found.added == ()
        assert all(p.source is not PersonaSource.CLUSTERING for p in bench.document().personas)
    assert "persona_members" not in {
        row[0] for row in duckdb.connect(str(workspace / "analytics.duckdb"), read_only=True)
        .execute("SHOW TABLES").fetchall()}


def test_refresh_keeps_ids_and_edited_names(workspace: Path) -> None:
    with open_bench(workspace) as bench:
        discover_personas(bench, save=True)
        version = bench.get("persona/cluster-3").version
        edit_persona(bench, "cluster-3", {"name": "Mobile Maja", "quote": "Fast, please."},
                     expected_version=version)
        # new customers arrive (a second batch), and another seed
        import_batch(workspace, write_batch(workspace / "batch2", per_kind=5, start=100))
        again = discover_personas(bench, spec=ClusterSpec(seed=5), save=True)
        document = bench.document()
    assert again.kept == ("cluster-1", "cluster-2", "cluster-3") and again.added == ()
    maja = next(p for p in document.personas if p.id == "cluster-3")
    assert (maja.name, maja.quote) == ("Mobile Maja", "Fast, please.")
    assert {row["persona"]: row["customers"] for row in again.rows} == {
        "cluster-1": 13, "cluster-2": 13, "cluster-3": 13}
    assert members_by_kind(workspace) == {"cluster-1": {"store"}, "cluster-2": {"web"},
                                          "cluster-3": {"app"}}


def test_fewer_personas_remove_the_unreferenced(workspace: Path) -> None:
    with open_bench(workspace) as bench:
        discover_personas(bench, save=True)
        fewer = discover_personas(bench, spec=ClusterSpec(k=2), save=True)
        ids = [p.id for p in bench.document().personas]
    assert len(fewer.kept) == 2 and len(fewer.removed) == 1
    assert fewer.removed[0] not in ids and "ola" in ids


def test_persona_members_for_both_kinds(workspace: Path) -> None:
    with open_bench(workspace) as bench:
        discover_personas(bench, save=True)
        for persona, expected in (("ola", 8), ("cluster-2", 8)):
            members = persona_members(bench, persona)
            try:
                assert int(members.count().execute()) == expected
            finally:
                ibis.get_backend(members).disconnect()
        with pytest.raises(NotFoundError):
            persona_members(bench, "nobody")
    assert members_by_kind(workspace)["cluster-2"] == {"web"}


def test_clustered_persona_without_membership_is_explained(workspace: Path) -> None:
    with open_bench(workspace) as bench:
        discover_personas(bench, save=True)
    con = duckdb.connect(str(workspace / "analytics.duckdb"))
    con.execute("DROP TABLE persona_members")
    con.close()
    with open_bench(workspace) as bench, pytest.raises(InputError, match="clustering again"):
        persona_members(bench, "cluster-1")


def test_map_numbers_filter_by_a_clustered_persona(workspace: Path) -> None:
    with open_bench(workspace) as bench:
        discover_personas(bench, save=True)
        everyone = map_numbers(bench, "retail")
        web = map_numbers(bench, "retail", NumbersFilter(persona="cluster-2"))
    assert everyone.touchpoints["checkout"]["customers"] == 8
    assert everyone.touchpoints["shop"]["customers"] == 8
    assert web.touchpoints["checkout"]["customers"] == 8
    assert web.touchpoints["shop"]["customers"] == 0


def test_overview_describes_rule_based_and_clustered(workspace: Path) -> None:
    with open_bench(workspace) as bench:
        discover_personas(bench, save=True)
        overview = personas_overview(bench)
    cards = {card.persona.id: card for card in overview.cards}
    assert overview.numbers.customers == 24 and overview.numbers.run is not None
    assert overview.numbers.run["k"] == 3
    ola = cards["ola"]
    assert ola.kind == "rules" and ola.summary is not None
    assert (ola.summary["customers"], ola.summary["share"]) == (8, 0.333333)
    assert ola.summary["trait_list"][0]["text"] == "city=Warszawa (100% vs 33%, lift 3.00)"
    assert cards["cluster-1"].summary is not None
    assert cards["cluster-1"].summary["name"] == "Sofia city, rarely active, newcomers"
    assert overview.as_dict()["personas"][0]["initials"] == "OO"


def test_overview_without_data(tmp_path: Path) -> None:
    from builders import document
    from journeymap.workbench import init_workspace

    with init_workspace(tmp_path / "empty", document=document()) as bench:
        overview = personas_overview(bench)
    assert overview.numbers.missing == "events"
    assert [(c.persona.id, c.summary) for c in overview.cards] == [("ola", None)]


def test_edit_guards(workspace: Path) -> None:
    with open_bench(workspace) as bench:
        version = bench.get("persona/ola").version
        with pytest.raises(InputError, match="'source' cannot be edited"):
            edit_persona(bench, "ola", {"source": "manual"}, expected_version=version)
        edit_persona(bench, "ola", {"goals": ["Save money"]}, expected_version=version)
        with pytest.raises(ConflictError):
            edit_persona(bench, "ola", {"name": "Stale"}, expected_version=version)
        assert bench.get("persona/ola").obj.model_dump()["goals"] == ["Save money"]


def test_empty_workspace_cannot_discover(tmp_path: Path) -> None:
    from builders import document
    from journeymap.workbench import init_workspace

    with init_workspace(tmp_path / "empty", document=document()) as bench:
        with pytest.raises(InputError, match="no analytic store"):
            discover_personas(bench)


def test_next_ids_skip_taken() -> None:
    assert next_ids({"cluster-1", "cluster-3"}, 3) == ["cluster-2", "cluster-4", "cluster-5"]


def test_flows_filter_by_persona(workspace: Path) -> None:
    from journeymap.analytics.paths import PathsBy
    from journeymap.workbench.flows import dfg_data, funnel_data, sankey_data

    with open_bench(workspace) as bench:
        discover_personas(bench, save=True)
        web = sankey_data(bench, by=PathsBy.EVENT, persona="cluster-2")
        app = funnel_data(bench, steps=("ad_view", "app_open", "checkout_start"),
                          persona="ola")
        store = dfg_data(bench, persona="cluster-1")
        with pytest.raises(InputError, match="no persona 'nobody'"):
            sankey_data(bench, persona="nobody")
    assert web["total_customers"] == 8
    assert [(r["path"], r["customers"]) for r in web["rows"]] == [
        ("ad_click > checkout_start > checkout_pay > web_view", 8)]
    assert [r["customers"] for r in app["rows"]] == [8, 8, 0]
    assert [(r["from_event"], r["to_event"], r["transitions"]) for r in store["rows"]] == [
        ("store_visit", "call", 8), ("store_visit", "store_visit", 8)]
