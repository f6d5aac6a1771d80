"""The report's CSS: paper, fonts (DejaVu Sans for Polish and Cyrillic), page numbers."""

from __future__ import annotations

from journeymap.reports.labels import Labels
from journeymap.reports.mapsvg import FILLS, PALETTE

PAPERS = {"a4": "A4", "a3": "A3"}
FONT = '"DejaVu Sans", "Noto Sans", Verdana, sans-serif'


def css_string(text: str) -> str:
    """``text`` as a CSS string literal that cannot end the string or the style element."""
    escaped = "".join(f"\\{ord(ch):x} " if ch in '"\\<>&' or ord(ch) < 32 else ch
                      for ch in text)
    return f'"{escaped}"'


def report_css(t: Labels, footer: str, paper: str = "a4") -> str:
    size = PAPERS.get(paper, "A4")
    page = (f"{css_string(t('Page') + ' ')} counter(page) {css_string(' ' + t('of') + ' ')} "
            "counter(pages)")
    lanes = "".join(f"tr.{kind} .card{{background:{fill}}}" for kind, fill in FILLS.items())
    legends = "".join(f".legend-{i}::before{{content:'■ ';color:{colour}}}"
                      for i, colour in enumerate(PALETTE))
    return f"""
@page {{ size: {size} landscape; margin: 13mm 12mm 15mm 12mm; font-family: {FONT};
  @bottom-left {{ content: {css_string(footer)}; font-family: {FONT}; font-size: 7.5pt;
                  color: #666; }}
  @bottom-right {{ content: {page}; font-family: {FONT}; font-size: 7.5pt; color: #666; }} }}
html {{ font-family: {FONT}; font-size: 9pt; color: #222; line-height: 1.3; }}
body {{ margin: 0; }}
section {{ break-before: page; }}
/* short sections follow the pain points on the same page when there is room */
section#opportunities, section#actions {{ break-before: auto; margin-top: 9mm; }}
section.cover {{ break-before: auto; padding-top: 18mm; }}
nav.contents {{ margin-top: 10mm; }}
nav.contents h2 {{ font-size: 13pt; }}
h1 {{ font-size: 28pt; color: #2f4858; margin: 0 0 4mm; }}
.subtitle {{ font-size: 16pt; margin: 0 0 12mm; }}
h2 {{ font-size: 16pt; color: #2f4858; border-bottom: 1.5pt solid #2f4858; margin: 0 0 4mm;
      padding-bottom: 1mm; }}
h3 {{ font-size: 11.5pt; margin: 5mm 0 2mm; break-after: avoid; }}
h4 {{ font-size: 9pt; margin: 2mm 0 1mm; }}
table {{ border-collapse: collapse; width: 100%; margin: 0 0 4mm; }}
th, td {{ border: 0.5pt solid #c9c9c9; padding: 2pt 4pt; vertical-align: top;
          text-align: left; }}
thead th {{ background: #2f4858; color: #fff; }}
tr {{ break-inside: avoid; }}
table.facts {{ width: auto; font-size: 11pt; }}
table.facts th {{ background: #eef1f3; color: #222; }}
table.compact {{ font-size: 8pt; }}
table.grid {{ table-layout: fixed; }}
table.grid th.corner, table.grid th.lane-title {{ width: 30mm; background: #eef1f3;
                                                  color: #222; font-size: 8.5pt; }}
table.grid td {{ padding: 2pt; }}
.grid-page + .grid-page {{ break-before: page; }}
.card {{ border: 0.5pt solid #c8c8c8; border-radius: 2pt; padding: 1.5pt 3pt; margin: 0 0 2pt;
         background: #f2f2f2; font-size: 8pt; break-inside: avoid; }}
{lanes}
.legend {{ font-weight: normal; font-size: 7.5pt; }}
{legends}
svg.curve {{ width: 100%; height: auto; display: block; }}
.places-map svg {{ width: 100%; height: auto; max-height: 85mm; display: block;
                   margin-bottom: 3mm; }}
.kpis {{ margin: 0 0 5mm; }}
.kpi {{ display: inline-block; width: 40mm; margin: 0 3mm 3mm 0; padding: 3mm;
        border: 0.5pt solid #c9c9c9; border-radius: 2mm; vertical-align: top; }}
.kpi-name {{ font-size: 8pt; color: #555; }}
.kpi-value {{ font-size: 18pt; font-weight: bold; color: #2f4858; }}
.kpi-n {{ font-size: 8pt; color: #555; }}
.persona {{ display: inline-block; width: 23.5%; margin: 0 1.5% 4mm 0; vertical-align: top;
            break-inside: avoid; }}
blockquote, q {{ font-style: italic; color: #444; }}
blockquote {{ margin: 1mm 0 2mm; padding-left: 3mm; border-left: 2pt solid #d9572b; }}
q {{ display: block; margin: 1pt 0; }}
.bar {{ display: inline-block; width: 60mm; height: 3mm; background: #eef1f3;
        margin-right: 2mm; }}
.bar span {{ display: block; height: 100%; background: #1f6fb2; }}
.empty {{ color: #666; font-style: italic; }}
ul {{ margin: 0 0 1mm; padding-left: 4mm; }}
@media screen {{ body {{ max-width: 1200px; margin: 0 auto; padding: 16px; }} }}
"""
