"""The report's HTML: every section, user text escaped, translated headings, the map split."""

from __future__ import annotations

import re
from datetime import date
from html.parser import HTMLParser

import pytest

from builders import XSS
from journeymap.reports.data import (
    ActionRow,
    Change,
    Comparison,
    Effect,
    EmotionCurve,
    GridCard,
    GridLane,
    Kpi,
    MapGrid,
    OpportunityRow,
    PainPointRow,
    PathRow,
    PersonaInfo,
    Place,
    ReportData,
    StageStep,
    ThemeRow,
)
from journeymap.reports.html import report_html
from journeymap.reports.style import css_string

SECTIONS = ("kpis", "personas", "map", "flows", "voice", "painpoints", "opportunities",
            "actions", "places")
ENGLISH_HEADINGS = {"Customer journey report", "Contents", "Summary of KPIs", "Personas",
                    "Journey map", "Flows", "Voice of the customer", "Pain points",
                    "Opportunities", "Action plan", "Locations", "Stage funnel",
                    "Top paths through the stages", "KPIs by touchpoint",
                    "Themes of the open answers", "Comparison of map versions", "Goals",
                    "Value", "Customers", "Severity", "Owner", "Changes"}


def grid(stages: int = 2) -> MapGrid:
    names = tuple(f"Stage {i}" for i in range(1, stages + 1))
    thoughts = GridLane(f"Thoughts {XSS}", "thoughts", tuple(
        (GridCard(XSS if i == 0 else f"card {i}"),) for i in range(stages)))
    emotions = GridLane("Emotions", "emotions", tuple(() for _ in range(stages)))
    return MapGrid("Checkout", names, (thoughts, emotions),
                   (EmotionCurve(f"Anna {XSS}", tuple(1.0 for _ in range(stages))),))


def full(language: str = "en", stages: int = 2) -> ReportData:
    return ReportData(
        workspace=f"ACME {XSS}", map_id="checkout", map_name=f"Checkout {XSS}",
        variant="as_is", scope="Web", language=language, created=date(2026, 12, 5),
        kpis=(Kpi("csat", 75.0, 4, 30.1, 95.4), Kpi("ces", 3.75612, 976, 3.6, 3.9)),
        personas=(PersonaInfo("anna", f"Anna {XSS}", quote=XSS, goals=(XSS,),
                              traits=(("city", XSS),)),),
        grid=grid(stages), paths=(PathRow(("Stage 1", XSS), 3, 0.5),),
        funnel=(StageStep(XSS, 3, 0.666667, 1),),
        touchpoint_kpis=(Kpi("nps", 10.0, 5, -5.0, 20.0, XSS),),
        themes=(ThemeRow("en", XSS, 4, 0.4, -0.5, (XSS,)),),
        pain_points=(PainPointRow(1, "pp", XSS, XSS, "Purchase", XSS, "high", "hypothesis",
                                  "", 412, 0.73, (XSS,), (XSS,)),),
        opportunities=(OpportunityRow("op", XSS, "", (XSS,), 1200, 5, 0.8, 2, 2400.0),),
        actions=(ActionRow("a", XSS, XSS, date(2026, 4, 30), "in_progress", "csat", 71.5, 80.0,
                           date(2026, 4, 2), Effect(50.0, 100.0, 50.0, -27.3, 90.5, 0.248,
                                                    "no detectable change", 2, 2)),),
        places=(Place("p", XSS, "shop", "Sofia", "BG", 42.7, 23.3),),
        comparison=Comparison("As is", XSS, (("card", 1, 0, 0, 0),),
                              (Change("added", "card", XSS), Change("changed", "pain_point", "Form",
                                                     ("affected_customers", "x_custom"))),
                              grid(1)))


class Collector(HTMLParser):
    """Text of the headings, and every tag name and attribute seen."""

    def __init__(self) -> None:
        super().__init__()
        self.headings: list[str] = []
        self.tags: list[str] = []
        self._in: str | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append(tag)
        if tag in ("h1", "h2", "h3", "h4", "th"):
            self._in = tag
            self.headings.append("")

    def handle_endtag(self, tag: str) -> None:
        if tag == self._in:
            self._in = None

    def handle_data(self, data: str) -> None:
        if self._in is not None:
            self.headings[-1] += data


def parsed(html: str) -> Collector:
    collector = Collector()
    collector.feed(html)
    return collector


def test_user_text_is_escaped_everywhere() -> None:
    html = report_html(full(), places_svg="<svg></svg>")
    assert "<script" not in html
    assert html.count("&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;") >= 20
    assert "script" not in parsed(html).tags


def test_every_section_is_there_with_its_heading() -> None:
    html = report_html(full())
    for ident in (*SECTIONS, "compare"):
        assert f'<section id="{ident}">' in html
    headings = parsed(html).headings
    assert {"Customer journey report", "Summary of KPIs", "Journey map", "Flows",
            "Voice of the customer", "Pain points", "Opportunities", "Action plan",
            "Locations", "Comparison of map versions"} <= set(headings)
    assert "75.0" in html and "3.76" in html and "30.1 – 95.4" in html  # value, CES, interval
    assert "no detectable change: before 50.00 (n = 2), after 100.00 (n = 2)" in html


def test_empty_sections_say_so() -> None:
    empty = ReportData("ACME", "m", "Map", "to_be", "", "en", date(2026, 12, 5))
    html = report_html(empty)
    for ident in SECTIONS:
        assert f'<section id="{ident}">' in html
    for note in ("No KPIs yet", "No personas yet.", "The map has no stages yet.",
                 "No events imported yet.", "No survey answers imported yet.",
                 "No pain points yet.", "No opportunities yet.", "No actions yet.",
                 "No locations yet."):
        assert note in html
    assert 'id="compare"' not in html


@pytest.mark.parametrize(("code", "title", "section"), [
    ("pl", "Raport ze ścieżki klienta", "Punkty bólu"),
    ("bg", "Доклад за пътуването на клиента", "Болезнени точки"),
])
def test_polish_and_bulgarian_reports_have_no_english_headings(code: str, title: str,
                                                               section: str) -> None:
    html = report_html(full(code))
    headings = {h.strip() for h in parsed(html).headings}
    assert {title, section} <= headings
    assert headings & ENGLISH_HEADINGS == set()
    assert f'<html lang="{code}">' in html


def test_a_wide_map_is_split_with_lane_titles_repeated() -> None:
    html = report_html(full(stages=7))
    assert html.count('<div class="grid-page">') == 2 + 1  # 5 + 2 stages, and the to-be map
    assert "Stages 1–5 of 7" in html and "Stages 6–7 of 7" in html
    tables = re.findall(r'<table class="grid cols-(\d)">(.*?)</table>', html)
    assert [count for count, _ in tables] == ["5", "2", "1"]
    for _, body in tables:
        assert "Thoughts &lt;script&gt;" in body
    assert ">Stage 6</th>" in tables[1][1] and ">Stage 5</th>" not in tables[1][1]


def test_paper_and_page_numbers_in_the_css() -> None:
    assert "size: A3 landscape" in report_html(full(), paper="a3")
    html = report_html(full("pl"))
    assert "size: A4 landscape" in html and 'counter(page)' in html
    assert '"Strona "' in html and "DejaVu Sans" in html


def test_css_strings_cannot_end_the_string_or_the_style_element() -> None:
    assert css_string('a"b\\c</style>') == '"a\\22 b\\5c c\\3c /style\\3e "'


@pytest.mark.parametrize(("code", "row"), [
    ("en", "<td>changed</td><td>pain point</td><td>Form</td><td>affected customers, x_custom"),
    ("pl", "<td>zmieniono</td><td>punkt bólu</td><td>Form</td><td>dotknięci klienci, x_custom"),
    ("bg", "<td>променено</td><td>болезнена точка</td><td>Form</td><td>засегнати клиенти, "
           "x_custom"),
])
def test_changes_name_kinds_and_fields_in_the_language(code: str, row: str) -> None:
    assert row in report_html(full(code))
