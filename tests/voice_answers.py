"""A small hand-made survey answer set with open answers, for the voice-of-the-customer tests.

CSAT by touchpoint (map ``retail`` of builders.document()): checkout 5, 4, 3 -> 2 of 3;
hotline 1, 2, 4 -> 1 of 3; shop 5 -> 1 of 1. By month: January 5, 4, 1 -> 2 of 3, February
2, 4, 5, 3 -> 2 of 4. One NPS 9 in February (no touchpoint). Six answers have a comment
(four English, two Polish); R6's comment is hostile markup.
"""

from __future__ import annotations

from pathlib import Path

from builders import document
from journeymap.ingest.surveys import import_surveys
from journeymap.workbench import init_workspace

SCRIPT = "<script>alert(1)</script>"
ANSWERS = f"""response_id,customer_id,timestamp,touchpoint,stage,location_id,metric,score,\
comment,language
R1,C1,2024-01-05T10:00:00Z,checkout,purchase,,csat,5,"Fast and easy checkout, great service",en
R2,C2,2024-01-06T10:00:00Z,checkout,purchase,,csat,4,,
R3,C3,2024-01-20T10:00:00Z,hotline,service,,csat,1,"Terrible hotline, I waited forever",en
R4,C4,2024-02-03T10:00:00Z,hotline,service,,csat,2,"Fatalna obsługa, bardzo długo czekałem",pl
R5,C5,2024-02-10T10:00:00Z,hotline,service,,csat,4,"Konsultant był bardzo miły i pomocny",pl
R6,C6,2024-02-11T10:00:00Z,shop,purchase,waw,csat,5,"{SCRIPT} great shop and friendly staff",en
R7,C1,2024-02-12T10:00:00Z,,,,nps,9,"Great prices, I recommend you to friends",en
R8,C7,2024-02-15T10:00:00Z,checkout,purchase,,csat,3,,
"""


def answers_file(folder: Path) -> Path:
    path = folder / "answers.csv"
    path.write_text(ANSWERS, encoding="utf-8")
    return path


def voice_workspace(folder: Path, database_url: str | None = None) -> Path:
    """A workspace with builders.document()'s maps and the answers imported for real."""
    workspace = folder / "ws"
    init_workspace(workspace, document=document(), database_url=database_url).close()
    report = import_surveys(workspace, answers_file(folder))
    assert (report.read, report.accepted) == (8, 8)
    return workspace
