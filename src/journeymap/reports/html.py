"""The final report as one HTML document (for a browser, and for WeasyPrint to make a PDF).

Built with Python strings: Jinja2 belongs to the web layer (docs/adr/0013). Every piece of
user text goes through :func:`e` (``html.escape``); the only markup not escaped is the
SVG this package draws (which escapes its own text). Every section is always present;
an empty one says so ("No pain points yet."). The journey map is a table per group of at
most ``STAGES_PER_PAGE`` stages, each with the lane titles repeated, so a wide map splits
across pages and stays readable on A4.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from html import escape

from journeymap.reports.data import (
    ActionRow,
    Comparison,
    Kpi,
    MapGrid,
    ReportData,
)
from journeymap.reports.labels import MESSAGES, MISSING, Labels
from journeymap.reports.mapsvg import curve_svg
from journeymap.reports.style import report_css

STAGES_PER_PAGE = 5
#: Decimals shown per KPI (CES is on 1..7, the others in points or %).
DECIMALS = {"ces": 2}


def e(text: object) -> str:
    return escape(str(text), quote=True)


def _table(headers: Sequence[str], rows: Iterable[Sequence[str]], css: str = "") -> str:
    """A table of already escaped cells."""
    head = "".join(f"<th>{h}</th>" for h in headers)
    body = "".join("<tr>" + "".join(f"<td>{cell}</td>" for cell in row) + "</tr>"
                   for row in rows)
    return f'<table class="{css}"><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>'


def _empty(text: str) -> str:
    return f'<p class="empty">{e(text)}</p>'


def _list(items: Sequence[str]) -> str:
    return "<ul>" + "".join(f"<li>{e(item)}</li>" for item in items) + "</ul>" if items else ""


def _section(ident: str, title: str, body: str) -> str:
    return f'<section id="{ident}"><h2>{e(title)}</h2>{body}</section>'


def kpi_value(t: Labels, kpi: Kpi) -> tuple[str, str]:
    decimals = DECIMALS.get(kpi.metric, 1)
    return t.number(kpi.value, decimals), t.interval(kpi.ci_low, kpi.ci_high, decimals)


def _kpis(t: Labels, data: ReportData) -> str:
    if not data.kpis:
        return _empty(t("No KPIs yet: import survey answers and events."))
    rows = [(e(t(k.metric)), *map(e, kpi_value(t, k)), e(t.number(k.n))) for k in data.kpis]
    cards = "".join(
        f'<div class="kpi"><div class="kpi-name">{e(t(k.metric))}</div>'
        f'<div class="kpi-value">{e(kpi_value(t, k)[0])}</div>'
        f'<div class="kpi-n">n = {e(t.number(k.n))}</div></div>' for k in data.kpis)
    return (f'<div class="kpis">{cards}</div>'
            + _table([e(t("KPI")), e(t("Value")), e(t("95% interval")), "n"], rows))


def _personas(t: Labels, data: ReportData) -> str:
    if not data.personas:
        return _empty(t("No personas yet."))
    blocks = []
    for p in data.personas:
        parts = [f"<h3>{e(p.name)}</h3>"]
        if p.description:
            parts.append(f"<p>{e(p.description)}</p>")
        if p.quote:
            parts.append(f"<blockquote>{e(p.quote)}</blockquote>")
        for heading, items in ((t("Goals"), p.goals), (t("Needs"), p.needs),
                               (t("Frustrations"), p.frustrations)):
            if items:
                parts.append(f"<h4>{e(heading)}</h4>{_list(items)}")
        if p.traits:
            traits = [f"{key}: {value}" for key, value in p.traits]
            parts.append(f"<h4>{e(t('Traits'))}</h4>{_list(traits)}")
        blocks.append(f'<div class="persona">{"".join(parts)}</div>')
    return f'<div class="personas">{"".join(blocks)}</div>'


def grid_html(t: Labels, grid: MapGrid) -> str:
    """The map as tables of at most STAGES_PER_PAGE stages, lane titles repeated."""
    if not grid.stages:
        return _empty(t("The map has no stages yet."))
    total = len(grid.stages)
    pages = []
    for first in range(0, total, STAGES_PER_PAGE):
        count = min(STAGES_PER_PAGE, total - first)
        head = "".join(f'<th class="stage">{e(name)}</th>'
                       for name in grid.stages[first:first + count])
        rows = []
        for lane in grid.lanes:
            if lane.kind == "emotions" and grid.curves:
                legend = "".join(f'<div class="legend legend-{i % 6}">{e(c.name)}</div>'
                                 for i, c in enumerate(grid.curves))
                cells = f'<td colspan="{count}">{curve_svg(grid.curves, first, count)}</td>'
                rows.append(f'<tr class="lane emotions"><th class="lane-title">{e(lane.title)}'
                            f"{legend}</th>{cells}</tr>")
                continue
            cells = "".join(
                "<td>" + "".join(f'<div class="card">{e(card.text)}</div>' for card in cell)
                + "</td>" for cell in lane.cells[first:first + count])
            rows.append(f'<tr class="lane {e(lane.kind)}"><th class="lane-title">'
                        f"{e(lane.title)}</th>{cells}</tr>")
        caption = t("Stages %(first)s–%(last)s of %(total)s", first=first + 1,
                    last=first + count, total=total) if total > STAGES_PER_PAGE else ""
        pages.append(
            f'<div class="grid-page">{f"<h3>{e(caption)}</h3>" if caption else ""}'
            f'<table class="grid cols-{count}"><thead><tr><th class="corner"></th>{head}'
            f'</tr></thead><tbody>{"".join(rows)}</tbody></table></div>')
    return "".join(pages)


def _flows(t: Labels, data: ReportData) -> str:
    if not data.funnel and not data.paths:
        return _empty(t("No events imported yet."))
    top = max((s.customers for s in data.funnel), default=0) or 1
    funnel_rows = [
        (e(s.stage), f'<div class="bar"><span style="width:{100 * s.customers / top:.1f}%">'
         f"</span></div>{e(t.number(s.customers))}", e(t.percent(s.conversion_to_next)),
         e(t.number(s.drop_off))) for s in data.funnel]
    path_rows = [(e(" → ".join(p.steps)), e(t.number(p.customers)), e(t.percent(p.share)))
                 for p in data.paths]
    return (f"<h3>{e(t('Stage funnel'))}</h3>"
            + _table([e(t("Stage")), e(t("Customers")), e(t("Conversion to the next stage")),
                      e(t("Drop-off"))], funnel_rows, "funnel")
            + f"<h3>{e(t('Top paths through the stages'))}</h3>"
            + _table([e(t("Path")), e(t("Customers")), e(t("Share"))], path_rows))


def _voice(t: Labels, data: ReportData) -> str:
    if not data.touchpoint_kpis and not data.themes:
        return _empty(t("No survey answers imported yet."))
    rows = [(e(k.group), e(t(k.metric)), *map(e, kpi_value(t, k)), e(t.number(k.n)))
            for k in data.touchpoint_kpis]
    parts = [f"<h3>{e(t('KPIs by touchpoint'))}</h3>",
             _table([e(t("Touchpoint")), e(t("KPI")), e(t("Value")), e(t("95% interval")), "n"],
                    rows), f"<h3>{e(t('Themes of the open answers'))}</h3>"]
    if not data.themes:
        parts.append(_empty(t("No open answers yet.")))
    theme_rows = [(e(th.name), e(th.language), e(t.number(th.answers)), e(t.percent(th.share)),
                   e(t.number(th.mean_sentiment, 2)),
                   "".join(f"<q>{e(q)}</q>" for q in th.quotes)) for th in data.themes]
    if theme_rows:
        parts.append(_table([e(t("Theme")), e(t("Language")), e(t("Answers")), e(t("Share")),
                             e(t("Mean sentiment")), e(t("Quotes"))], theme_rows, "themes"))
    return "".join(parts)


def _pain_points(t: Labels, data: ReportData) -> str:
    if not data.pain_points:
        return _empty(t("No pain points yet."))
    rows = [(e(p.rank), f"<strong>{e(p.title)}</strong>"
             + (f"<br><small>{e(p.description)}</small>" if p.description else ""),
             e(" / ".join(x for x in (p.stage, p.touchpoint) if x) or MISSING),
             e(t(p.severity)), e(t(p.status)), e(t.number(p.affected)),
             e(t.number(p.score, 2)), _list(p.evidence) + "".join(f"<q>{e(q)}</q>"
                                                                for q in p.quotes))
            for p in data.pain_points]
    return _table([e(t("Rank")), e(t("Pain point")), e(t("Stage")) + " / " + e(t("Touchpoint")),
                   e(t("Severity")), e(t("Status")), e(t("Affected customers")), e(t("Score")),
                   e(t("Evidence"))], rows, "painpoints")


def _opportunities(t: Labels, data: ReportData) -> str:
    if not data.opportunities:
        return _empty(t("No opportunities yet."))
    rows = [(f"<strong>{e(o.title)}</strong>"
             + (f"<br><small>{e(o.description)}</small>" if o.description else ""),
             e(", ".join(o.pain_points) or MISSING), e(t.number(o.reach)), e(o.value),
             e(t.percent(o.confidence, 0)), e(o.effort), f"<strong>{e(t.number(o.rice, 0))}"
             "</strong>") for o in data.opportunities]
    return _table([e(t("Opportunity")), e(t("Pain points")), e(t("Reach")), e(t("Impact")),
                   e(t("Confidence")), e(t("Effort")), "RICE"], rows)


def effect_text(t: Labels, action: ActionRow) -> str:
    effect = action.effect
    if effect is None:
        return t("not measured yet")
    before = t("before %(value)s (n = %(n)s), after %(after)s (n = %(after_n)s)",
               value=t.number(effect.before, 2), n=t.number(effect.before_n),
               after=t.number(effect.after, 2), after_n=t.number(effect.after_n))
    difference = t("difference %(value)s, 95%% interval %(interval)s, p = %(p)s",
                   value=t.number(effect.difference, 2),
                   interval=t.interval(effect.ci_low, effect.ci_high, 2),
                   p=t.number(effect.p_value, 3))
    return f"{t(effect.verdict)}: {before}; {difference}"


def _actions(t: Labels, data: ReportData) -> str:
    if not data.actions:
        return _empty(t("No actions yet."))
    rows = [(f"<strong>{e(a.title)}</strong>", e(a.owner or MISSING), e(t.date(a.due)),
             e(t(a.status)), e(a.kpi or MISSING), e(t.number(a.baseline)),
             e(t.number(a.target)), e(effect_text(t, a))) for a in data.actions]
    return _table([e(t("Action")), e(t("Owner")), e(t("Due")), e(t("Status")),
                   e(t("Target KPI")), e(t("Baseline")), e(t("Target")),
                   e(t("Measured effect"))], rows)


def _places(t: Labels, data: ReportData, places_svg: str) -> str:
    if not data.places:
        return _empty(t("No locations yet."))
    rows = [(e(p.name), e(p.type or MISSING), e(p.city or MISSING), e(p.country or MISSING),
             e(f"{p.lat:.4f}, {p.lon:.4f}" if p.lat is not None and p.lon is not None
               else t("no coordinates"))) for p in data.places]
    return (f'<div class="places-map">{places_svg}</div>'
            + _table([e(t("Name")), e(t("Type")), e(t("City")), e(t("Country")),
                      e(t("Coordinates"))], rows, "compact"))


def _comparison(t: Labels, comparison: Comparison) -> str:
    title = f"<p>{e(comparison.before)} → {e(comparison.after)}</p>"
    if not comparison.counts:
        return title + _empty(t("No differences."))
    counts = [(e(t(f"kind:{kind}")), *(e(n) for n in numbers))
              for kind, *numbers in comparison.counts]
    changes = [(e(t(c.change)), e(t(f"kind:{c.kind}")), e(c.name),
                e(", ".join(t(f"field:{name}") if f"field:{name}" in MESSAGES else name
                            for name in c.fields))) for c in comparison.changes]
    return (title + _table([e(t("Kind")), e(t("Added")), e(t("Removed")), e(t("Changed")),
                            e(t("Moved"))], counts)
            + f"<h3>{e(t('Changes'))}</h3>"
            + _table([e(t("Changes")), e(t("Kind")), e(t("Name")), e(t("Fields"))], changes,
                     "compact")
            + f"<h3>{e(t('Journey map'))}: {e(comparison.after)}</h3>"
            + grid_html(t, comparison.after_grid))


def _cover(t: Labels, data: ReportData) -> str:
    facts = [(t("Workspace"), data.workspace), (t("Map"), data.map_name),
             (t("Version"), t(data.variant)), (t("Scope"), data.scope or MISSING),
             (t("Date"), t.date(data.created))]
    rows = "".join(f"<tr><th>{e(k)}</th><td>{e(v)}</td></tr>" for k, v in facts)
    return (f'<section class="cover"><h1>{e(t("Customer journey report"))}</h1>'
            f'<p class="subtitle">{e(data.map_name)}</p><table class="facts">{rows}</table>'
            "</section>")


def report_html(data: ReportData, *, places_svg: str = "", paper: str = "a4") -> str:
    """The whole report; ``places_svg`` is the locations map (see :mod:`.placesvg`)."""
    t = Labels(data.language)
    sections: list[tuple[str, str, Callable[[], str]]] = [
        ("kpis", t("Summary of KPIs"), lambda: _kpis(t, data)),
        ("personas", t("Personas"), lambda: _personas(t, data)),
        ("map", t("Journey map"), lambda: grid_html(t, data.grid)),
        ("flows", t("Flows"), lambda: _flows(t, data)),
        ("voice", t("Voice of the customer"), lambda: _voice(t, data)),
        ("painpoints", t("Pain points"), lambda: _pain_points(t, data)),
        ("opportunities", t("Opportunities"), lambda: _opportunities(t, data)),
        ("actions", t("Action plan"), lambda: _actions(t, data)),
        ("places", t("Locations"), lambda: _places(t, data, places_svg)),
    ]
    if data.comparison is not None:
        comparison = data.comparison
        sections.append(("compare", t("Comparison of map versions"),
                         lambda: _comparison(t, comparison)))
    contents = "".join(f'<li><a href="#{ident}">{e(title)}</a></li>'
                       for ident, title, _ in sections)
    body = "".join(_section(ident, title, build()) for ident, title, build in sections)
    footer = f"{data.workspace} · {t('Customer journey report')}"
    return (f'<!DOCTYPE html>\n<html lang="{e(data.language)}"><head><meta charset="utf-8">'
            f"<title>{e(t('Customer journey report'))}: {e(data.map_name)}</title>"
            f"<style>{report_css(t, footer, paper)}</style></head><body>"
            f'{_cover(t, data)}<nav class="contents"><h2>{e(t("Contents"))}</h2>'
            f"<ol>{contents}</ol></nav>{body}</body></html>\n")
