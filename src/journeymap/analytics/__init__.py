"""Analyses: spec -> checks -> one Ibis expression -> execute -> a typed result.

The names below are loaded on first use, each from its own module: ``journeymap analyze
funnel --events FILE`` imports the funnel alone, not every analysis and the journey-map
model with it (start-up counts against the hand-written query, docs/benchmarks.md).
"""

from __future__ import annotations

import importlib
import sys
from types import ModuleType
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from journeymap.analytics.churn import ChurnResult, ChurnSpec, churn
    from journeymap.analytics.conversion import ConversionResult, ConversionSpec, time_to_convert
    from journeymap.analytics.dropoff import DropoffResult, DropoffSpec, dropoff
    from journeymap.analytics.effects import DateRange, EffectResult, EffectSpec, compare_kpi
    from journeymap.analytics.funnel import FunnelResult, FunnelSpec, funnel
    from journeymap.analytics.kpis import KpiResult, KpiSpec, kpis
    from journeymap.analytics.loops import (
        LoopsResult,
        LoopsSpec,
        RepeatsResult,
        RepeatsSpec,
        loops,
        repeats,
    )
    from journeymap.analytics.paths import PathsBy, PathsResult, PathsSpec, paths
    from journeymap.analytics.reach import (
        ChannelReachResult,
        ReachSpec,
        TouchpointReachResult,
        channel_reach,
        touchpoint_reach,
    )
    from journeymap.analytics.retention import RetentionResult, RetentionSpec, retention
    from journeymap.analytics.spec import AnalysisResult, EventFilter
    from journeymap.analytics.stages import (
        StageConversionResult,
        StageConversionSpec,
        stage_conversion,
    )
    from journeymap.analytics.touchpoints import (
        UnmatchedResult,
        UnmatchedSpec,
        label_touchpoints,
        unmatched_events,
    )
    from journeymap.analytics.transitions import TransitionsResult, TransitionsSpec, transitions

#: Each exported name and the module of this package that defines it.
_EXPORTS: dict[str, str] = {
    "AnalysisResult": "spec",
    "ChannelReachResult": "reach",
    "ChurnResult": "churn",
    "ChurnSpec": "churn",
    "ConversionResult": "conversion",
    "ConversionSpec": "conversion",
    "DateRange": "effects",
    "DropoffResult": "dropoff",
    "DropoffSpec": "dropoff",
    "EffectResult": "effects",
    "EffectSpec": "effects",
    "EventFilter": "spec",
    "FunnelResult": "funnel",
    "FunnelSpec": "funnel",
    "KpiResult": "kpis",
    "KpiSpec": "kpis",
    "LoopsResult": "loops",
    "LoopsSpec": "loops",
    "PathsBy": "paths",
    "PathsResult": "paths",
    "PathsSpec": "paths",
    "ReachSpec": "reach",
    "RepeatsResult": "loops",
    "RepeatsSpec": "loops",
    "RetentionResult": "retention",
    "RetentionSpec": "retention",
    "StageConversionResult": "stages",
    "StageConversionSpec": "stages",
    "TouchpointReachResult": "reach",
    "TransitionsResult": "transitions",
    "TransitionsSpec": "transitions",
    "UnmatchedResult": "touchpoints",
    "UnmatchedSpec": "touchpoints",
    "channel_reach": "reach",
    "churn": "churn",
    "compare_kpi": "effects",
    "dropoff": "dropoff",
    "funnel": "funnel",
    "kpis": "kpis",
    "label_touchpoints": "touchpoints",
    "loops": "loops",
    "paths": "paths",
    "repeats": "loops",
    "retention": "retention",
    "stage_conversion": "stages",
    "time_to_convert": "conversion",
    "touchpoint_reach": "reach",
    "transitions": "transitions",
    "unmatched_events": "touchpoints",
}
__all__ = [
    "AnalysisResult",
    "ChannelReachResult",
    "ChurnResult",
    "ChurnSpec",
    "ConversionResult",
    "ConversionSpec",
    "DropoffResult",
    "DateRange",
    "DropoffSpec",
    "EffectResult",
    "EffectSpec",
    "EventFilter",
    "FunnelResult",
    "FunnelSpec",
    "KpiResult",
    "KpiSpec",
    "LoopsResult",
    "LoopsSpec",
    "PathsBy",
    "PathsResult",
    "PathsSpec",
    "ReachSpec",
    "RepeatsResult",
    "RepeatsSpec",
    "RetentionResult",
    "RetentionSpec",
    "StageConversionResult",
    "StageConversionSpec",
    "TouchpointReachResult",
    "TransitionsResult",
    "TransitionsSpec",
    "UnmatchedResult",
    "UnmatchedSpec",
    "channel_reach",
    "churn",
    "compare_kpi",
    "dropoff",
    "funnel",
    "kpis",
    "label_touchpoints",
    "loops",
    "paths",
    "repeats",
    "retention",
    "stage_conversion",
    "time_to_convert",
    "touchpoint_reach",
    "transitions",
    "unmatched_events",
]


def __getattr__(name: str) -> Any:
    module = _EXPORTS.get(name)
    if module is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = getattr(importlib.import_module(f"{__name__}.{module}"), name)
    globals()[name] = value
    return value


class _Package(ModuleType):
    """This package, keeping ``funnel``, ``paths``, ... bound to the analyses.

    Importing a submodule binds it on its package under its own name; where an analysis
    has the name of its module (``journeymap.analytics.funnel``), the function stays what
    the name means here, as it did when this package imported every analysis at once.
    """

    def __setattr__(self, name: str, value: Any) -> None:
        if name in _EXPORTS and isinstance(value, ModuleType):
            return
        super().__setattr__(name, value)


sys.modules[__name__].__class__ = _Package
