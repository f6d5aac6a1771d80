"""The action plan as CSV and as an iCalendar file (RFC 5545) for people's calendars.

ICS: one all-day VEVENT per action with a due date (DTSTART = the due day, DTEND the day
after). UID ``<action>.<map>@<workspace>.journeymap`` stays the same across exports, so a
calendar updates the event instead of adding a copy. TEXT values escape backslash,
semicolon, comma and newline; lines end in CRLF and are folded to at most 75 octets, never
inside a UTF-8 character.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable
from datetime import datetime, timedelta

from journeymap.model import ActionStatus
from journeymap.workbench.actions import ActionView

#: CSV columns of ``journeymap actions list/export --format csv`` (stable).
CSV_COLUMNS = ("map", "id", "title", "owner", "due", "status", "overdue", "opportunities",
               "pain_points", "kpi", "touchpoint", "stage", "baseline", "target",
               "implemented_on", "effect_before", "effect_after", "effect_difference",
               "effect_p_value", "effect_verdict")
PRODID = "-//journeymap//action plan//EN"
LIMIT = 75


def actions_csv(views: Iterable[ActionView]) -> str:
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=CSV_COLUMNS, lineterminator="\n",
                            extrasaction="ignore")
    writer.writeheader()
    for view in views:
        row = view.as_row()
        writer.writerow({key: _cell(row[key]) for key in CSV_COLUMNS})
    return out.getvalue()


def _cell(value: object) -> object:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    return value


def escape(text: str) -> str:
    """An RFC 5545 TEXT value (3.3.11)."""
    return (text.replace("\\", "\\\\").replace(";", "\\;").replace(",", "\\,")
            .replace("\r\n", "\\n").replace("\n", "\\n").replace("\r", "\\n"))


def fold(line: str) -> str:
    """One content line folded to lines of at most 75 octets (3.1), joined by CRLF."""
    parts: list[str] = []
    current, size = "", 0
    for char in line:
        width = len(char.encode("utf-8"))
        limit = LIMIT if not parts else LIMIT - 1  # continuation lines start with a space
        if size + width > limit:
            parts.append(current)
            current, size = "", 0
        current += char
        size += width
    parts.append(current)
    return "\r\n ".join(parts)


def _event(view: ActionView, workspace_id: str, stamp: str) -> list[str]:
    action = view.action
    assert action.due is not None
    details = [f"Owner: {action.owner or '-'}", f"Status: {action.status.value}",
               f"Map: {view.map_name}"]
    if action.target is not None:
        target = action.target
        details.append(f"Target: {view.kpi_name or target.kpi}"
                       + (f" at {view.where}" if view.where else "")
                       + (f", baseline {target.baseline:g}" if target.baseline is not None
                          else "")
                       + (f", target {target.target:g}" if target.target is not None else ""))
    if action.description:
        details.append(action.description)
    status = "CANCELLED" if action.status is ActionStatus.CANCELLED else "CONFIRMED"
    return [
        "BEGIN:VEVENT",
        f"UID:{action.id}.{view.map_id}@{workspace_id}.journeymap",
        f"DTSTAMP:{stamp}",
        f"DTSTART;VALUE=DATE:{action.due:%Y%m%d}",
        f"DTEND;VALUE=DATE:{action.due + timedelta(days=1):%Y%m%d}",
        f"SUMMARY:{escape(action.title)}",
        f"DESCRIPTION:{escape(chr(10).join(details))}",
        f"STATUS:{status}",
        f"CATEGORIES:{escape(action.status.value)}",
        "END:VEVENT",
    ]


def actions_ics(views: Iterable[ActionView], workspace_id: str,
                stamp: datetime | None = None) -> str:
    """The calendar; ``stamp`` (UTC, default now) is every event's DTSTAMP."""
    moment = (stamp or datetime.now().astimezone()).astimezone().utctimetuple()
    text = f"{moment.tm_year:04d}{moment.tm_mon:02d}{moment.tm_mday:02d}T" \
           f"{moment.tm_hour:02d}{moment.tm_min:02d}{moment.tm_sec:02d}Z"
    lines = ["BEGIN:VCALENDAR", "VERSION:2.0", f"PRODID:{PRODID}", "CALSCALE:GREGORIAN",
             "METHOD:PUBLISH"]
    for view in views:
        if view.action.due is not None:
            lines += _event(view, workspace_id, text)
    lines.append("END:VCALENDAR")
    return "".join(fold(line) + "\r\n" for line in lines)
