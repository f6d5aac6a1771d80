"""Representative quotes: typical, readable, distinct, and the two extremes per group."""

from __future__ import annotations

import pytest

from journeymap.analytics.text.quotes import (
    GroupQuotes,
    Quote,
    distinct_key,
    readable,
    representative_quotes,
)
from journeymap.errors import InputError

TEXTS = [
    "The courier was late again with my parcel",  # 0
    "the courier was late again with my parcel!",  # 1 duplicate of 0
    "Courier late, parcel damaged, very annoying",  # 2
    "ok",  # 3 too short
    "Parcel came on time, courier friendly",  # 4
    "x" * 300,  # 5 too long
    "Hotline agent solved my problem quickly",  # 6
    "Waited forty minutes for the hotline agent",  # 7
]
GROUPS = ["delivery"] * 6 + ["hotline"] * 2
SCORES = [-0.4, -0.4, -0.7, 0.1, 0.6, -0.9, 0.5, -0.3]


def test_quotes_per_group() -> None:
    delivery, hotline = representative_quotes(TEXTS, GROUPS, scores=SCORES, per_group=3)
    assert delivery.group == "delivery" and delivery.n == 6
    assert [q.index for q in delivery.typical] == [2, 0, 4]
    assert delivery.most_negative == Quote(TEXTS[2], -0.7, 2)
    assert delivery.most_positive == Quote(TEXTS[4], 0.6, 4)
    assert hotline == GroupQuotes(
        "hotline",
        2,
        (Quote(TEXTS[6], 0.5, 6), Quote(TEXTS[7], -0.3, 7)),
        Quote(TEXTS[7], -0.3, 7),
        Quote(TEXTS[6], 0.5, 6),
    )


def test_no_extremes_without_negative_or_positive_scores() -> None:
    (only,) = representative_quotes(TEXTS[:2], scores=[0.2, 0.3])
    assert only.group == "" and only.n == 2
    assert [q.index for q in only.typical] == [0]
    assert only.most_negative is None
    assert only.most_positive == Quote(TEXTS[0], 0.2, 0)


def test_near_duplicates_are_quoted_once() -> None:
    texts = [
        "Dziękuję! Kurier był bardzo miły i szybki.",
        "Bardzo dobrze. Kurier był bardzo miły i szybki.",
        "Paczka przyszła uszkodzona, nikt nie pomógł",
    ]
    (group,) = representative_quotes(texts, scores=[0.5, 0.5, -0.5], per_group=3)
    assert len(group.typical) == 2
    assert {q.index for q in group.typical} >= {2}


def test_short_groups_fall_back_to_any_answer() -> None:
    (group,) = representative_quotes(["ok", "meh"], scores=[0.1, -0.2])
    assert [q.text for q in group.typical] == ["ok", "meh"]
    assert group.most_negative == Quote("meh", -0.2, 1)


def test_scores_are_computed_when_missing() -> None:
    (group,) = representative_quotes(["Terrible courier, never again", "Great staff, thanks"])
    assert group.most_negative is not None and group.most_negative.index == 0
    assert group.most_positive is not None and group.most_positive.index == 1


def test_helpers() -> None:
    assert distinct_key("Świetna  obsługa!!") == distinct_key("swietna obsluga")
    assert readable("x" * 15) and not readable("x" * 14) and not readable("x" * 241)


def test_bad_arguments() -> None:
    with pytest.raises(InputError, match="groups"):
        representative_quotes(["a"], ["g", "h"])
    with pytest.raises(InputError, match="scores"):
        representative_quotes(["a"], scores=[])
    with pytest.raises(InputError, match="per_group"):
        representative_quotes(["a"], per_group=0)
