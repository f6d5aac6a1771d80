"""A small workspace with three planted kinds of customers, for the persona tests.

``app``: young, in Warszawa (so the builders' rule-based persona ``ola`` is them), on the app;
``store``: older, in Sofia, visiting the shop and calling the hotline, buying often;
``web``: middle-aged, in Plovdiv, checking out on the web.
Customer numbers are global (``start``), so a second batch adds new customers.
"""

from __future__ import annotations

from pathlib import Path

from builders import document
from journeymap.workbench import Workbench, init_workspace

#: kind -> (age, city, [(event, channel)] repeated per customer)
KINDS = {
    "app": (24, "Warszawa", [("ad_view", "ad"), ("app_open", "app"), ("app_open", "app"),
                             ("app_search", "app")]),
    "store": (63, "Sofia", [("store_visit", "store"), ("store_visit", "store"),
                            ("call", "phone")]),
    "web": (44, "Plovdiv", [("ad_click", "ad"), ("checkout_start", "web"),
                            ("checkout_pay", "web"), ("web_view", "web")]),
}


def customer_id(number: int) -> str:
    return f"c{number:03d}"


def planted_kinds(workspace: Path) -> dict[str, str]:
    """customer -> planted kind, from the customer files of every batch (by city)."""
    by_city = {city: kind for kind, (_, city, _) in KINDS.items()}
    found = {}
    for path in sorted(workspace.glob("batch*/customers.csv")):
        for line in path.read_text(encoding="utf-8").splitlines()[1:]:
            customer, _, city, _ = line.split(",")
            found[customer] = by_city[city]
    return found


def write_batch(folder: Path, *, per_kind: int = 8, start: int = 0, day: int = 1
                ) -> tuple[Path, Path, Path]:
    """events.csv, customers.csv, transactions.csv of ``3 * per_kind`` customers."""
    folder.mkdir(parents=True, exist_ok=True)
    events = ["customer_id,timestamp,event,channel,event_id"]
    people = ["customer_id,age,city,tier"]
    paid = ["transaction_id,customer_id,timestamp,value"]
    number = start
    for kind, (age, city, steps) in KINDS.items():
        for i in range(per_kind):
            number += 1
            who = customer_id(number)
            people.append(f"{who},{age + i % 4},{city},{'gold' if kind == 'store' else 'none'}")
            repeats = 1
            for r in range(repeats):
                for s, (event, channel) in enumerate(steps):
                    events.append(f"{who},2024-03-{day + r:02d}T{8 + s:02d}:{i:02d}:00Z,"
                                  f"{event},{channel},e{start}-{who}-{r}-{s}")
            for t in range(3 if kind == "store" else 1):
                paid.append(f"t{start}-{who}-{t},{who},2024-03-{day:02d}T12:00:00Z,"
                            f"{100 + 10 * t + i}")
    paths = (folder / "events.csv", folder / "customers.csv", folder / "transactions.csv")
    for path, lines in zip(paths, (events, people, paid), strict=True):
        path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return paths


def import_batch(workspace: Path, files: tuple[Path, Path, Path]) -> None:
    from journeymap.ingest.importer import import_customers, import_events, import_transactions

    import_events(workspace, files[0])
    import_customers(workspace, files[1])
    import_transactions(workspace, files[2])


def persona_workspace(folder: Path, *, per_kind: int = 8) -> Path:
    """A workspace (builders.document(): map ``retail``, rule persona ``ola``) with one
    batch of planted customers imported."""
    init_workspace(folder, document=document()).close()
    import_batch(folder, write_batch(folder / "batch1", per_kind=per_kind))
    return folder


def open_bench(folder: Path) -> Workbench:
    return Workbench.open(folder)
