"""A workspace whose events and answers hold known effects for the actions of
``builders.action_plan_document`` (implemented 2024-03-01; 30-day windows
2024-01-31..02-29 and 2024-03-01..03-30):

- act-conv (conversion at tp-cart): 6 of 20 before, 16 of 20 after: improved;
- act-pay (drop-off at tp-pay, lower is better): 3 of 20 before, 13 of 20 after: worsened;
- act-csat (CSAT at tp-cart): 5 of 10 satisfied on both sides: no detectable change.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta
from pathlib import Path

from builders import action_plan_document
from journeymap.ingest.api import import_events
from journeymap.ingest.surveys import import_surveys
from journeymap.workbench import init_workspace


def _cohort(prefix: str, day: date, n: int, converted: int, steps: tuple[str, ...]) -> list[str]:
    lines = []
    start = datetime.combine(day, datetime.min.time())
    for i in range(n):
        lines += [f"{prefix}{i},{(start + timedelta(hours=1 + k)).isoformat()},{step},web"
                  for k, step in enumerate(steps)]
        if i < converted:
            lines.append(f"{prefix}{i},{(start + timedelta(hours=9)).isoformat()},order,web")
    return lines


def events_text() -> str:
    lines = (_cohort("cb", date(2024, 2, 10), 20, 6, ("cart",))
             + _cohort("ca", date(2024, 3, 10), 20, 16, ("cart",))
             + _cohort("pb", date(2024, 2, 12), 20, 17, ("home", "pay"))
             + _cohort("pa", date(2024, 3, 12), 20, 7, ("home", "pay")))
    return "customer_id,timestamp,event,channel\n" + "\n".join(lines) + "\n"


def surveys_text() -> str:
    lines = []
    for i, score in enumerate([5, 1] * 5):
        lines.append(f"rb{i},cb{i},2024-02-{i + 1:02d}T10:00:00,tp-cart,,csat,{score},,")
        lines.append(f"ra{i},ca{i},2024-03-{i + 2:02d}T10:00:00,tp-cart,,csat,{score},,")
    header = "response_id,customer_id,timestamp,touchpoint,stage,metric,score,comment,language"
    return header + "\n" + "\n".join(lines) + "\n"


def plan_workspace(folder: Path, store_url: str | None = None) -> Path:
    """The workspace, with its events and survey answers imported."""
    init_workspace(folder, document=action_plan_document(), database_url=store_url).close()
    (folder / "events.csv").write_text(events_text(), encoding="utf-8")
    (folder / "surveys.csv").write_text(surveys_text(), encoding="utf-8")
    import_events(folder, folder / "events.csv")
    assert import_surveys(folder, folder / "surveys.csv").quarantined == 0
    return folder
