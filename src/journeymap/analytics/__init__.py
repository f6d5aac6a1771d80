"""Analyses: spec -> checks -> one Ibis expression -> execute -> a typed result."""

from journeymap.analytics.churn import ChurnResult, ChurnSpec, churn
from journeymap.analytics.funnel import FunnelResult, FunnelSpec, funnel
from journeymap.analytics.paths import PathsResult, PathsSpec, paths
from journeymap.analytics.spec import AnalysisResult, EventFilter
from journeymap.analytics.transitions import TransitionsResult, TransitionsSpec, transitions

__all__ = [
    "AnalysisResult",
    "ChurnResult",
    "ChurnSpec",
    "EventFilter",
    "FunnelResult",
    "FunnelSpec",
    "PathsResult",
    "PathsSpec",
    "TransitionsResult",
    "TransitionsSpec",
    "churn",
    "funnel",
    "paths",
    "transitions",
]
