"""The report's own catalog: every message translated, placeholders kept, numbers localised."""

from __future__ import annotations

import re
from datetime import date

import pytest

from journeymap.errors import InputError
from journeymap.reports.labels import ENGLISH, MESSAGES, Labels

NBSP = "\u00a0"


def test_every_message_has_a_polish_and_a_bulgarian_translation() -> None:
    empty = [key for key, (pl, bg) in MESSAGES.items() if not pl.strip() or not bg.strip()]
    assert empty == []


def test_translations_keep_the_placeholders() -> None:
    def names(text: str) -> list[str]:
        return sorted(re.findall(r"%\((\w+)\)s", text))

    wrong = [key for key, pair in MESSAGES.items() if any(names(t) != names(key) for t in pair)]
    assert wrong == []


def test_english_texts_of_codes_are_in_the_catalog() -> None:
    assert set(ENGLISH) <= set(MESSAGES)


@pytest.mark.parametrize(("code", "title", "severity", "kind", "lane"), [
    ("en", "Customer journey report", "high", "pain point", "Pain points"),
    ("pl", "Raport ze ścieżki klienta", "wysoka", "punkt bólu", "Punkty bólu"),
    ("bg", "Доклад за пътуването на клиента", "висока", "болезнена точка", "Болезнени точки"),
])
def test_messages_and_codes_in_each_language(code: str, title: str, severity: str, kind: str,
                                             lane: str) -> None:
    t = Labels(code)
    assert (t("Customer journey report"), t("high"), t("kind:pain_point"),
            t("lane:pain_points")) == (title, severity, kind, lane)
    assert t("a custom metric") == "a custom metric"  # unknown codes as they are


def test_placeholders_are_filled() -> None:
    assert Labels("pl")("Stages %(first)s–%(last)s of %(total)s", first=1, last=5,
                        total=7) == "Etapy 1–5 z 7"


@pytest.mark.parametrize(("code", "number", "percent", "interval", "day"), [
    ("en", "1,234.57", "45.7%", "1.5 – 2.0", "December 5, 2026"),
    ("pl", f"1{NBSP}234,57", "45,7%", "1,5 – 2,0", "5 grudnia 2026"),
    ("bg", f"1{NBSP}234,57", "45,7%", "1,5 – 2,0", "5 декември 2026\u202fг."),
])
def test_numbers_and_dates_in_each_language(code: str, number: str, percent: str,
                                            interval: str, day: str) -> None:
    t = Labels(code)
    assert (t.number(1234.567, 2), t.percent(0.4567), t.interval(1.5, 2.0),
            t.date(date(2026, 12, 5))) == (number, percent, interval, day)
    assert (t.number(None), t.percent(None), t.interval(None, 1.0), t.date(None)) == (
        "—", "—", "—", "—")
    assert t.number(12000.0, 0) == ("12,000" if code == "en" else f"12{NBSP}000")


def test_an_unknown_language_is_refused() -> None:
    with pytest.raises(InputError, match="en, pl, bg; got 'de'"):
        Labels("de")
