"""The pain-point detectors give the same findings on DuckDB and on Spark."""

from __future__ import annotations

from typing import Any

import pytest

from engine_support import events_table
from journeymap.analytics.painpoints import PainpointsSpec, find_painpoints
from journeymap.engine import connect
from journeymap.model.journey import JourneyMap
from painpoints_support import CONVERSION, Plan, clinic_log, clinic_map_data

pytestmark = pytest.mark.spark
SPEC = PainpointsSpec(conversion_events=CONVERSION)


@pytest.mark.parametrize("with_map", [False, True])
def test_same_findings_on_duckdb_and_spark(spark: Any, with_map: bool) -> None:
    log = clinic_log(Plan(), customers=300)
    jmap = JourneyMap.model_validate(clinic_map_data()) if with_map else None
    found = {}
    for name, backend in (("duckdb", connect()), ("spark", spark)):
        result = find_painpoints(events_table(backend, log.events, name="pp_events"), SPEC,
                                 jmap=jmap)
        found[name] = result.rows
    assert found["spark"] == found["duckdb"]
    assert {row["kind"] for row in found["duckdb"]} >= {"drop_off", "loop", "slow_step"}
