"""Analysis specs: validation with stable error codes, the event filter, result helpers."""

from __future__ import annotations

from datetime import date
from typing import Any

import pydantic
import pytest

from journeymap.analytics import ChurnSpec, EventFilter, PathsSpec, TransitionsSpec
from journeymap.analytics.spec import ratio, seconds
from journeymap.errors import InputError, SpecError


def test_filter_normalises_channels_and_dates() -> None:
    spec = EventFilter(date_from="2024-01-01", date_to=date(2024, 1, 1), channels=[" Web", "APP"])
    assert spec.date_from == spec.date_to == date(2024, 1, 1)
    assert spec.channels == ("web", "app")
    assert EventFilter().channels == () and EventFilter().date_from is None


@pytest.mark.parametrize(
    ("build", "text", "field"),
    [
        (lambda: EventFilter(date_from="2024-02-02", date_to="2024-02-01"),
         "filter: date_from 2024-02-02 is after date_to 2024-02-01", ""),
        (lambda: EventFilter(date_from="soon"), "filter date_from: Input should be a valid date",
         "date_from"),
        (lambda: EventFilter(date_to=date.max), "filter date_to: Input should be less than",
         "date_to"),
        (lambda: ChurnSpec(as_of="9999-12-31"), "churn as_of: Input should be less than",
         "as_of"),
        (lambda: TransitionsSpec(wat=1), "transitions wat: Extra inputs are not permitted",
         "wat"),
        (lambda: PathsSpec(top="many"), "paths top: Input should be a valid integer", "top"),
        (lambda: TransitionsSpec(filters={"channels": ["ok", ""]}),
         "transitions filters.channels: a channel name cannot be empty", "filters.channels"),
        (lambda: ChurnSpec.from_data({"window_seconds": -1}),
         "churn window_seconds: Input should be greater than 0", "window_seconds"),
    ],
)
def test_invalid_specs_raise_spec_errors(build: Any, text: str, field: str) -> None:
    with pytest.raises(SpecError) as info:
        build()
    error = info.value
    assert isinstance(error, InputError) and not isinstance(error, pydantic.ValidationError)
    assert str(error).startswith(text)
    assert error.code == "invalid_spec" and error.exit_code == 2 and error.field == field
    assert error.to_dict()["error"]["details"]["field"] == field


def test_specs_are_frozen() -> None:
    spec = PathsSpec(top=3)
    with pytest.raises(pydantic.ValidationError):
        spec.top = 4  # type: ignore[misc]
    assert PathsSpec.from_data({"top": 3}) == spec


def test_ratio_and_seconds() -> None:
    assert ratio(1, 3) == 0.333333 and ratio(2, 3) == 0.666667 and ratio(0, 5) == 0.0
    assert ratio(0, 0) is None
    assert seconds(None) is None and seconds(float("nan")) is None
    assert seconds(1.23456789) == 1.234568 and seconds(30) == 30.0
