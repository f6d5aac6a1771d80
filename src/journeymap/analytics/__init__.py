"""Analyses: spec -> checks -> one Ibis expression -> execute -> a typed result."""

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
