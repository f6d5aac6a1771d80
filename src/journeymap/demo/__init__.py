"""The demo company: Nordlys Home & Electronics, an omnichannel retailer in Poland and Bulgaria.

``demo_document()`` is its starting workspace (map, personas, KPIs, locations);
``write_demo_data()`` writes a seeded, deterministic year of its customers' behaviour with
five problems hidden in it, described in ``demo_truth.json``.
"""

from journeymap.demo.company import demo_document
from journeymap.demo.events import UNMAPPED_EVENTS
from journeymap.demo.files import DEMO_SEED, DemoSummary, write_demo_data

__all__ = ["DEMO_SEED", "UNMAPPED_EVENTS", "DemoSummary", "demo_document", "write_demo_data"]
