"""A hand-built clinic log (not the demo) with pain points planted, or none, for the
pain-point detector tests: web booking, app login, referrals, the hotline and surveys."""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

START = datetime(2025, 3, 3, 8, 0)
BOOKING = ("home_view", "doctor_search", "slot_view", "booking_details", "booking_confirmed")
CONVERSION = ("booking_confirmed",)


@dataclass
class Plan:
    """Which problems to plant; all False gives a clean log."""

    drop_at_details: bool = True
    login_loop: bool = True
    slow_referral: bool = True
    upload_error_calls: bool = True
    low_csat_hotline: bool = True


@dataclass
class Log:
    events: list[tuple[Any, ...]] = field(default_factory=list)
    answers: list[dict[str, Any]] = field(default_factory=list)

    def add(self, customer: str, at: datetime, event: str, channel: str) -> None:
        self.events.append((customer, at.isoformat(sep=" "), event, channel))


def _booking(log: Log, rng: random.Random, who: str, at: datetime, plan: Plan) -> datetime:
    for step in BOOKING:
        log.add(who, at, step, "web")
        at += timedelta(seconds=rng.randint(20, 90))
        if step == "booking_details" and plan.upload_error_calls and rng.random() < 0.15:
            log.add(who, at, "upload_error", "web")
            if rng.random() < 0.7:
                log.add(who, at + timedelta(hours=rng.uniform(0.5, 5)), "call_started", "phone")
            return at
        drop = 0.5 if step == "booking_details" and plan.drop_at_details else 0.06
        if step != BOOKING[-1] and rng.random() < drop:
            return at
    # after a booking: reminder and visit a day apart each, then the invoice
    for gap, event, channel in ((1.0, "reminder_sent", "email"), (1.0, "visit_checkin", "store"),
                                (1.0, "invoice_sent", "email")):
        at += timedelta(days=gap * rng.uniform(0.8, 1.2))
        log.add(who, at, event, channel)
    return at


def _app(log: Log, rng: random.Random, who: str, at: datetime, plan: Plan) -> None:
    log.add(who, at, "app_start", "app")
    log.add(who, at + timedelta(seconds=5), "login", "app")
    at += timedelta(seconds=10)
    if plan.login_loop and rng.random() < 0.35:
        for _ in range(rng.randint(3, 5)):
            log.add(who, at, "login_denied", "app")
            log.add(who, at + timedelta(seconds=20), "reset_code", "app")
            log.add(who, at + timedelta(seconds=40), "login", "app")
            at += timedelta(seconds=60)
    log.add(who, at + timedelta(seconds=30), "results_view", "app")


def _referral(log: Log, rng: random.Random, who: str, at: datetime, plan: Plan) -> None:
    log.add(who, at, "referral_requested", "web")
    days = 6.0 if plan.slow_referral else 1.0
    log.add(who, at + timedelta(days=days * rng.uniform(0.8, 1.2)), "referral_issued", "email")


def _survey(log: Log, rng: random.Random, who: str, at: datetime, point: str,
            plan: Plan, index: int) -> None:
    good = 0.4 if point == "hotline" and plan.low_csat_hotline else 0.85
    score = rng.choice([4, 5]) if rng.random() < good else rng.choice([1, 2, 3])
    comment = ("Waited forever on the line and nobody could help me" if score <= 2
               else "Friendly and quick, thank you very much" if score == 5 else None)
    log.answers.append({"response_id": f"R{index:05d}", "customer_id": who,
                        "timestamp": at.isoformat(), "touchpoint": point, "stage": "",
                        "metric": "csat", "score": score, "comment": comment,
                        "language": "en"})


def clinic_log(plan: Plan | None = None, customers: int = 800, seed: int = 7) -> Log:
    """Every customer books on the web; some use the app, ask for a referral, call the
    hotline at random (the background switch rate) and answer surveys."""
    plan = plan or Plan()
    rng, log = random.Random(seed), Log()
    for number in range(customers):
        who = f"c{number:04d}"
        at = START + timedelta(days=rng.uniform(0, 60))
        end = _booking(log, rng, who, at, plan)
        # other errands any time in the quarter: no fixed order, no typical wait
        for _ in range(rng.choice([0, 0, 1, 2])):
            _app(log, rng, who, START + timedelta(days=rng.uniform(0, 90)), plan)
        for _ in range(rng.randint(0, 4)):
            log.add(who, START + timedelta(days=rng.uniform(0, 90)), "news_read", "web")
        if rng.random() < 0.4:
            _referral(log, rng, who, START + timedelta(days=rng.uniform(0, 90)), plan)
        if rng.random() < 0.08:
            log.add(who, end + timedelta(days=rng.uniform(25, 40)), "call_started", "phone")
        for point in ("booking", "visit", "hotline"):
            if rng.random() < 0.6:
                _survey(log, rng, who, end + timedelta(days=2), point, plan, len(log.answers))
    log.events.sort(key=lambda row: (row[0], row[1]))
    return log


def clinic_map_data(pain_points: list[dict[str, Any]] | None = None) -> dict[str, Any]:
    """A map of the clinic log: booking on the web, the app, referrals, the hotline."""
    return {
        "id": "clinic", "name": "Clinic",
        "stages": [{"id": "book", "name": "Booking"}, {"id": "care", "name": "Care"}],
        "touchpoints": [
            {"id": "website", "name": "Website", "stage": "book", "channel": "web",
             "rules": [{"op": "regex", "pattern": "home_view|doctor_search"}]},
            {"id": "web-booking", "name": "Web booking", "stage": "book", "channel": "web",
             "rules": [{"op": "regex", "pattern": "slot_view|booking_.*|upload_error"}]},
            {"id": "app", "name": "App", "stage": "care", "channel": "app",
             "rules": [{"op": "regex", "pattern": "app_start|login|login_denied|reset_code|"
                        "results_view"}]},
            {"id": "referral", "name": "Referral request", "stage": "care", "channel": "web",
             "rules": [{"pattern": "referral_requested"}]},
            {"id": "referral-letter", "name": "Referral letter", "stage": "care",
             "channel": "email", "rules": [{"pattern": "referral_issued"}]},
            {"id": "hotline", "name": "Hotline", "stage": "care", "channel": "phone",
             "rules": [{"pattern": "call_started"}]},
            {"id": "reminder", "name": "Reminder", "stage": "care", "channel": "email",
             "rules": [{"pattern": "reminder_sent"}]},
            {"id": "visit", "name": "Visit", "stage": "care", "channel": "store",
             "rules": [{"pattern": "visit_checkin"}]},
            {"id": "invoice", "name": "Invoice", "stage": "care", "channel": "email",
             "rules": [{"pattern": "invoice_sent"}]}],
        "lanes": [{"id": "pains", "kind": "pain_points", "cards": []}],
        "pain_points": pain_points or [],
    }


def write_log(folder: Any, log: Log) -> tuple[Any, Any]:
    """The log as ``events.csv`` and ``answers.csv`` in ``folder``."""
    import csv

    events = folder / "events.csv"
    lines = ["customer_id,timestamp,event,channel"]
    lines += [f"{c},{t.replace(' ', 'T')}Z,{e},{ch}" for c, t, e, ch in log.events]
    events.write_text("\n".join(lines) + "\n", encoding="utf-8")
    answers = folder / "answers.csv"
    with answers.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.DictWriter(handle, fieldnames=list(log.answers[0]))
        writer.writeheader()
        for row in log.answers:
            writer.writerow({**row, "timestamp": row["timestamp"] + "Z"})
    return events, answers


MANUAL = {"id": "pp-error_event-web-booking", "title": "Upload is confusing", "stage": "book",
          "touchpoint": "web-booking", "kind": "error_event", "severity": "low"}
OTHER = {"id": "pp-parking", "title": "No parking near the clinic", "stage": "care"}


def clinic_workspace(folder: Any, extra: list[dict[str, Any]] | None = None) -> Any:
    """A workspace at ``folder / "ws"`` with the clinic map (two manual pain points, and
    ``extra``), the planted log's events and survey answers imported."""
    from journeymap.ingest.importer import import_events
    from journeymap.ingest.surveys import import_surveys
    from journeymap.model import Workspace, WorkspaceDocument
    from journeymap.workbench import init_workspace

    document = WorkspaceDocument.model_validate({
        "workspace": Workspace(id="clinic", name="Clinic").model_dump(),
        "maps": [clinic_map_data([MANUAL, OTHER, *(extra or [])])]})
    init_workspace(folder / "ws", document=document).close()
    events, answers = write_log(folder, clinic_log(Plan()))
    import_events(folder / "ws", events)
    import_surveys(folder / "ws", answers)
    return folder / "ws"
