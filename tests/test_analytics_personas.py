"""Clustering customers into personas, describing them, and keeping them across a refresh."""

from __future__ import annotations

from datetime import date
from typing import Any

import numpy as np
import pytest

from journeymap.analytics.personas import ClusterSpec, cluster, match_previous
from journeymap.analytics.personas_describe import (
    Trait,
    persona_name,
    profile,
    traits_of,
    unique_names,
)
from journeymap.analytics.personas_features import Features
from journeymap.errors import InputError, SpecError

#: Three planted groups: (events around, age around, channel)
GROUPS = {"app-young": (5, 25, "app"), "store-old": (60, 62, "store"),
          "web-mid": (20, 42, "web")}


def planted(per_group: int, seed: int, start: int = 0) -> list[dict[str, Any]]:
    rng = np.random.default_rng(seed)
    rows = []
    number = start
    for group, (events, age, channel) in GROUPS.items():
        for _ in range(per_group):
            number += 1
            rows.append({"customer_id": f"c{number:04d}", "group": group,
                         "events": int(rng.poisson(events)) + 1,
                         "age": float(rng.normal(age, 3)), "churned": 0, "spend": 0.0,
                         "main_channel": channel})
    return rows


def features(rows: list[dict[str, Any]]) -> Features:
    return Features(tuple(rows), ("events", "age"), ("main_channel",), date(2024, 3, 1))


def groups_of(found: Features, labels: Any) -> dict[str, set[int]]:
    """planted group -> the cluster numbers its customers got."""
    result: dict[str, set[int]] = {}
    for row, label in zip(found.rows, labels.tolist(), strict=True):
        result.setdefault(row["group"], set()).add(int(label))
    return result


def test_silhouette_picks_the_planted_groups() -> None:
    found = features(planted(40, seed=1))
    result = cluster(found, ClusterSpec(seed=7))
    assert result.k == 3
    assert max(result.silhouettes, key=lambda k: result.silhouettes[k]) == 3
    # each planted group is exactly one cluster, and clusters are numbered by size
    assert sorted(len(c) for c in groups_of(found, result.labels).values()) == [1, 1, 1]
    assert result.sizes() == [40, 40, 40]
    assert set(result.silhouettes) == set(range(2, 9))


def test_same_seed_same_personas_and_order_does_not_matter() -> None:
    rows = planted(30, seed=2)
    first = cluster(features(rows), ClusterSpec(seed=3))
    again = cluster(features(rows), ClusterSpec(seed=3))
    assert first.labels.tolist() == again.labels.tolist()
    assert np.array_equal(first.centroids, again.centroids)
    assert first.silhouettes == again.silhouettes
    shuffled = list(np.random.default_rng(4).permutation(np.array(rows, dtype=object)))
    other = cluster(features(shuffled), ClusterSpec(seed=3))
    by_customer = {r["customer_id"]: int(c) for r, c in zip(shuffled, other.labels, strict=True)}
    for row, label in zip(rows, first.labels.tolist(), strict=True):
        assert by_customer[row["customer_id"]] == label


def test_given_k_and_bad_specs() -> None:
    found = features(planted(10, seed=5))
    assert cluster(found, ClusterSpec(k=4)).k == 4
    assert cluster(found, ClusterSpec(k=4)).silhouettes == {}
    with pytest.raises(SpecError, match="k_min 5 is above k_max 3"):
        ClusterSpec(k_min=5, k_max=3)
    with pytest.raises(SpecError):
        ClusterSpec(k=1)
    with pytest.raises(InputError, match="4 customers are too few for 8 personas"):
        cluster(features(planted(10, seed=5)[:4]))


def test_refresh_keeps_identity_on_shuffled_and_extended_data() -> None:
    before_rows = planted(30, seed=6)
    before = cluster(features(before_rows), ClusterSpec(k=3, seed=1))
    names = {c: f"persona-{c}" for c in range(3)}
    stored = {names[c]: before.centroid(c) for c in range(3)}
    group_of_id = {}
    for group, clusters in groups_of(features(before_rows), before.labels).items():
        (only,) = clusters
        group_of_id[names[only]] = group
    # a month later: the same customers in another order plus new ones, another seed
    after_rows = planted(30, seed=6) + planted(25, seed=8, start=500)
    after_rows = list(np.random.default_rng(9).permutation(np.array(after_rows, dtype=object)))
    after = cluster(features(after_rows), ClusterSpec(k=3, seed=2))
    matched = match_previous(after, stored)
    assert sorted(m for m in matched if m) == sorted(stored)
    for group, clusters in groups_of(features(after_rows), after.labels).items():
        (only,) = clusters
        assert group_of_id[str(matched[only])] == group


def test_a_new_group_gets_no_previous_id() -> None:
    rows = [r for r in planted(30, seed=10) if r["group"] != "web-mid"]
    before = cluster(features(rows), ClusterSpec(k=2, seed=0))
    stored = {f"old-{c}": before.centroid(c) for c in range(2)}
    after = cluster(features(planted(30, seed=11)), ClusterSpec(k=3, seed=0))
    matched = match_previous(after, stored)
    assert sorted(m for m in matched if m) == ["old-0", "old-1"]
    web = groups_of(features(planted(30, seed=11)), after.labels)["web-mid"]
    assert [matched[c] for c in web] == [None]
    assert match_previous(after, {}) == [None, None, None]


SMALL = Features(
    rows=tuple({"customer_id": f"c{i}", "age": age, "main_channel": channel, "churned": churned,
                "spend": spend}
               for i, (age, channel, churned, spend) in enumerate(
                   [(20, "app", 1, 10.0), (20, "app", 0, 0.0), (60, "web", 0, 100.0),
                    (60, "web", 0, 50.0)])),
    numeric=("age",), categorical=("main_channel",), as_of=date(2024, 3, 1))


def test_traits_with_lift_and_name() -> None:
    mask = np.array([True, True, False, False])
    traits = traits_of(SMALL, mask)
    assert [t.as_dict() for t in traits] == [
        {"feature": "age", "level": None, "direction": "low", "value": 20.0, "baseline": 40.0,
         "lift": 0.5, "score": -1.0, "text": "age low (20 vs 40, lift 0.50)"},
        {"feature": "main_channel", "level": "app", "direction": "is", "value": 1.0,
         "baseline": 0.5, "lift": 2.0, "score": 1.0,
         "text": "main_channel=app (100% vs 50%, lift 2.00)"},
    ]
    assert persona_name(traits) == "Younger, app-first"
    found = profile(SMALL, mask)
    assert (found.customers, found.share, found.churn_rate, found.revenue,
            found.revenue_per_customer) == (2, 0.5, 0.5, 10.0, 5.0)
    assert found.name() == "Younger, app-first"


def test_names_in_polish_and_bulgarian() -> None:
    app = traits_of(SMALL, np.array([True, True, False, False]))
    web = traits_of(SMALL, np.array([False, False, True, True]))
    assert [persona_name(app, language="pl"), persona_name(web, language="pl")] == [
        "Młodsi, kanał: aplikacja", "Starsi, kanał: strona www"]
    assert [persona_name(app, language="bg"), persona_name(web, language="bg")] == [
        "По-млади, канал: приложение", "По-възрастни, канал: уеб"]
    assert profile(SMALL, np.array([True, True, False, False])).name("pl") == \
        "Młodsi, kanał: aplikacja"
    assert [persona_name((), language=code) for code in ("en", "pl", "bg")] == [
        "Customers", "Klienci", "Клиенти"]


def _trait(feature: str, level: str | None, direction: str) -> Trait:
    return Trait(feature, level, direction, 1.0, 0.5, 2.0, 1.0)


@pytest.mark.parametrize(("trait", "en", "pl", "bg"), [
    (_trait("city", "Sofia", "is"), "Sofia city", "miasto: Sofia", "град: Sofia"),
    (_trait("is_member", "yes", "is"), "is member", "is member: tak", "is member: да"),
    (_trait("newsletter", "false", "is"), "no newsletter", "newsletter: nie",
     "newsletter: не"),
    (_trait("share_phone", None, "high"), "phone-first", "kanał: telefon", "канал: телефон"),
    (_trait("share_phone", None, "low"), "", "", ""),
    (_trait("visits_per_week", None, "high"), "high visits per week",
     "visits per week: powyżej średniej", "visits per week: над средното"),
    (_trait("spend", None, "low"), "small spenders", "wydający mało", "харчат малко"),
])
def test_trait_phrases(trait: Trait, en: str, pl: str, bg: str) -> None:
    assert [trait.phrase(), trait.phrase("pl"), trait.phrase("bg")] == [en, pl, bg]


def test_names_without_traits_and_repeated() -> None:
    everyone = np.ones(4, dtype=bool)
    assert traits_of(SMALL, everyone) == ()  # the same as everyone: nothing sets it apart
    assert persona_name(()) == "Customers"
    assert unique_names(["A", "B", "A", "A"]) == ["A", "B", "A (2)", "A (3)"]
    empty = profile(SMALL, np.zeros(4, dtype=bool))
    assert (empty.customers, empty.churn_rate, empty.revenue_per_customer) == (0, None, None)


def demo_tables(con: Any, folder: Any, customers: int) -> tuple[Any, Any, Any, Any]:
    """The demo company's files (``customers`` of them) as store-like tables, and each
    customer's hidden archetype (app, web, store) as the generator drew it."""
    import ibis

    from journeymap.demo.files import DEMO_SEED, write_demo_data
    from journeymap.demo.population import make_population

    summary = write_demo_data(folder, customers=customers)
    raw = con.read_parquet(str(summary.events_path))
    events = raw.mutate(timestamp=raw.timestamp.cast("timestamp"),
                        seq=ibis.row_number().over(order_by=[raw.event_id]))
    people = con.read_parquet(str(summary.customers_path))
    people = people.select(*(people[c].cast("string").name(c) for c in people.columns))
    paid = con.read_parquet(str(summary.transactions_path))
    behaviour = np.random.default_rng(np.random.SeedSequence(DEMO_SEED).spawn(2)[0])
    archetype = make_population(behaviour, customers).archetype
    return events, people, paid, archetype


def test_demo_data_gives_its_planted_groups_back(con: Any, tmp_path: Any) -> None:
    from sklearn.metrics import adjusted_rand_score

    from journeymap.analytics.personas_features import customer_features

    events, people, paid, archetype = demo_tables(con, tmp_path, 4000)
    found = customer_features(events, customers=people, transactions=paid)
    first = cluster(found)
    assert cluster(found).labels.tolist() == first.labels.tolist()  # deterministic
    truth = archetype[[int(c[1:]) - 1 for c in found.customers]]
    ari = adjusted_rand_score(truth, first.labels)
    # the three largest personas are the three archetypes, each nearly pure
    purity = []
    for label in range(3):
        counts = np.bincount(truth[first.labels == label], minlength=3)
        purity.append((int(counts.argmax()), counts.max() / counts.sum()))
    assert sorted(kind for kind, _ in purity) == [0, 1, 2]
    assert min(share for _, share in purity) >= 0.85, purity
    assert ari >= 0.5, (first.k, ari)
