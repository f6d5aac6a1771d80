"""What sets each persona apart: traits with lift, a readable name, KPIs, the typical path.

A persona is any group of the feature rows (found by clustering or by segment rules). It
is described against all customers with any activity:

- a numeric trait compares the persona's mean with everyone's; its score is the difference
  of the means in standard deviations of everyone (on the log1p scale for counts, days and
  money, as the clustering sees them); ``lift`` = persona mean / everyone's mean;
- a categorical trait is a level more common in the persona: share in the persona against
  the share of everyone, score = the difference over the level's standard deviation,
  ``lift`` = share in the persona / share of everyone;
- traits with ``|score| >= MIN_SCORE`` are kept, the strongest first (one level per
  attribute); the name joins the phrases of the first ones (``App-first, younger``).

KPIs: ``churn_rate`` (the churn analysis's rule at the features' date), ``revenue`` (sum of
spend) and revenue per customer; NPS and CSAT come from the survey answers of the
persona's customers (:func:`journeymap.analytics.kpis.kpis` by persona) with their n.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

import ibis
import ibis.expr.types as ir
import numpy as np
import numpy.typing as npt

from journeymap.analytics import phrases
from journeymap.analytics.events import TIME, customer_order, scoped_events
from journeymap.analytics.paths import SEPARATOR
from journeymap.analytics.personas import LOG_FEATURES
from journeymap.analytics.personas_features import (
    NONE_LEVEL,
    SHARE_PREFIX,
    Features,
    stage_steps,
)
from journeymap.analytics.phrases import Language, word
from journeymap.analytics.spec import EventFilter
from journeymap.engine.functions import fetch_rows, ordered_join

if TYPE_CHECKING:
    from journeymap.model.journey import JourneyMap

Mask = npt.NDArray[np.bool_]
#: Traits weaker than this (in standard deviations) do not set a persona apart.
MIN_SCORE = 0.3
TOP_TRAITS = 5
NAME_PARTS = 3
#: ``--summary`` CSV columns (the contract).
SUMMARY_COLUMNS = ("persona", "name", "source", "customers", "share", "traits", "typical_path",
                   "nps", "nps_n", "csat", "csat_n", "churn_rate", "revenue",
                   "revenue_per_customer")
@dataclass(frozen=True)
class Trait:
    """One way a persona differs from all customers."""

    feature: str
    level: str | None
    direction: str  # "high", "low" or "is" (a categorical level)
    value: float
    baseline: float
    lift: float | None
    score: float

    def text(self) -> str:
        """``preferred_channel=app (91% vs 30%, lift 3.03)``, ``age low (27.1 vs 39.8, ...)``."""
        percent = self.level is not None or self.feature.startswith(SHARE_PREFIX)
        shown = (f"{100 * self.value:.0f}% vs {100 * self.baseline:.0f}%" if percent
                 else f"{self.value:.4g} vs {self.baseline:.4g}")
        lift = "" if self.lift is None else f", lift {self.lift:.2f}"
        where = f"{self.feature}={self.level}" if self.level is not None \
            else f"{self.feature} {self.direction}"
        return f"{where} ({shown}{lift})"

    def phrase(self, language: Language = "en") -> str:
        """The trait in a persona's name, in ``language``."""
        if self.level is not None:
            return self._level_phrase(language)
        if self.feature.startswith(SHARE_PREFIX):
            channel = word(language, self.feature.removeprefix(SHARE_PREFIX))
            # a channel used little says less than the channel used most: not in names
            return phrases.phrase(language, "channel_first", channel=channel) \
                if self.direction == "high" else ""
        words = phrases.trait(language, self.feature)
        if words is None:
            return phrases.phrase(language, "high" if self.direction == "high" else "low",
                                  feature=word(language, self.feature))
        return words[0] if self.direction == "high" else words[1]

    def _level_phrase(self, language: Language) -> str:
        level = str(self.level)
        if "channel" in self.feature:
            return phrases.phrase(language, "channel_first", channel=word(language, level))
        feature = word(language, self.feature)
        if level.lower() in ("true", "false", "yes", "no", "1", "0"):
            yes = level.lower() in ("true", "yes", "1")
            return phrases.phrase(language, "flag_yes" if yes else "flag_no", feature=feature)
        return phrases.phrase(language, "level", level=level, feature=feature)

    def as_dict(self) -> dict[str, Any]:
        return {"feature": self.feature, "level": self.level, "direction": self.direction,
                "value": round(self.value, 6), "baseline": round(self.baseline, 6),
                "lift": None if self.lift is None else round(self.lift, 4),
                "score": round(self.score, 4), "text": self.text()}


@dataclass(frozen=True)
class Profile:
    """A persona's numbers: size, share, traits and the KPIs the features give."""

    customers: int
    share: float | None
    traits: tuple[Trait, ...]
    churn_rate: float | None
    revenue: float
    revenue_per_customer: float | None
    extra: dict[str, Any] = field(default_factory=dict)

    def name(self, language: Language = "en") -> str:
        return persona_name(self.traits, language=language)


def _column(features: Features, name: str) -> npt.NDArray[np.float64]:
    values: npt.NDArray[np.float64] = features.column(name)
    return values


def _numeric_traits(features: Features, mask: Mask) -> list[Trait]:
    traits = []
    for name in features.numeric:
        raw = _column(features, name)
        known = ~np.isnan(raw)
        inside = mask & known
        if not inside.any() or known.sum() < 2:
            continue
        seen = np.log1p(np.clip(raw, 0, None)) if name in LOG_FEATURES else raw
        spread = float(seen[known].std())
        if spread == 0:
            continue
        score = (float(seen[inside].mean()) - float(seen[known].mean())) / spread
        value, baseline = float(raw[inside].mean()), float(raw[known].mean())
        lift = value / baseline if baseline else None
        traits.append(Trait(name, None, "high" if score > 0 else "low", value, baseline,
                            lift, score))
    return traits


def _level_traits(features: Features, mask: Mask) -> list[Trait]:
    traits = []
    for name in features.categorical:
        found = features.column(name)
        best: Trait | None = None
        for level in sorted(set(found.tolist()) - {NONE_LEVEL, "None"}):
            hits = found == level
            baseline = float(hits.mean())
            value = float(hits[mask].mean())
            if baseline in (0.0, 1.0):
                continue
            score = (value - baseline) / float(np.sqrt(baseline * (1 - baseline)))
            trait = Trait(name, level, "is", value, baseline, value / baseline, score)
            if score > 0 and (best is None or score > best.score):
                best = trait
        if best is not None:
            traits.append(best)
    return traits


def traits_of(features: Features, mask: Mask, top: int = TOP_TRAITS) -> tuple[Trait, ...]:
    """The persona's strongest traits (``|score| >= MIN_SCORE``), strongest first."""
    if not mask.any():
        return ()
    found = [t for t in _numeric_traits(features, mask) + _level_traits(features, mask)
             if abs(t.score) >= MIN_SCORE]
    found.sort(key=lambda t: (-abs(t.score), t.feature))
    return tuple(found[:top])


def persona_name(traits: Sequence[Trait], fallback: str | None = None,
                 language: Language = "en") -> str:
    """Up to NAME_PARTS distinct phrases of the traits in ``language``, the first
    capitalised; without any, ``fallback`` (default: "Customers" in ``language``)."""
    parts: list[str] = []
    for found in traits:
        text = found.phrase(language)
        if text and text not in parts:
            parts.append(text)
        if len(parts) == NAME_PARTS:
            break
    if not parts:
        return phrases.phrase(language, "customers") if fallback is None else fallback
    text = ", ".join(parts)
    return (text[:1].upper() + text[1:])[:200]


def profile(features: Features, mask: Mask) -> Profile:
    """Describe the rows of ``mask`` against all rows of ``features``."""
    total = len(features.rows)
    size = int(mask.sum())
    churned = _column(features, "churned")[mask]
    spend = np.nan_to_num(_column(features, "spend")[mask])
    revenue = round(float(spend.sum()), 2)
    return Profile(
        customers=size, share=round(size / total, 6) if total else None,
        traits=traits_of(features, mask),
        churn_rate=round(float(churned.mean()), 6) if size else None,
        revenue=revenue, revenue_per_customer=round(revenue / size, 2) if size else None)


def unique_names(names: Sequence[str]) -> list[str]:
    """The names with `` (2)``, `` (3)``... added to repeats."""
    seen: dict[str, int] = {}
    result = []
    for name in names:
        seen[name] = seen.get(name, 0) + 1
        result.append(name if seen[name] == 1 else f"{name[:190]} ({seen[name]})")
    return result


def mask_of(features: Features, customers: Sequence[str] | set[str]) -> Mask:
    wanted = set(customers)
    return np.array([str(row["customer_id"]) in wanted for row in features.rows], dtype=bool)


def typical_paths(events: ir.Table, members: ir.Table, *, filters: EventFilter | None = None,
                  journey_map: JourneyMap | None = None) -> dict[str, tuple[str, float]]:
    """persona -> (its most common path, share of its customers with a path who follow it).

    Paths by stage with a journey map, else by event; consecutive repeats collapsed (as the
    paths analysis). ``members`` is a (customer_id, persona) table; ties go to the first
    path in text order.
    """
    scoped = scoped_events(events, filters or EventFilter())
    if journey_map is not None and journey_map.stages:
        labelled = stage_steps(scoped, journey_map)
        scoped = labelled.mutate(_jm_step=labelled._jm_stage)
    else:
        scoped = scoped.mutate(_jm_step=scoped.event)
    scoped = scoped.filter(scoped._jm_step.notnull())
    marked = scoped.mutate(_jm_before=scoped._jm_step.lag().over(customer_order(scoped)))
    before = marked._jm_before
    steps = marked.filter(before.isnull() | (before != marked._jm_step))
    per_customer = ordered_join(steps, "customer_id", [TIME, "seq"], "_jm_step", SEPARATOR,
                                name="path")
    chosen = members.select(_jm_customer=members.customer_id.cast("string"),
                            persona=members.persona.cast("string"))
    joined = per_customer.join(chosen, per_customer.customer_id == chosen._jm_customer)
    counted = joined.group_by(["persona", "path"]).aggregate(n=joined.count())
    window = ibis.window(group_by=counted.persona)
    order = ibis.window(group_by=counted.persona, order_by=[ibis.desc(counted.n), counted.path])
    ranked = counted.mutate(total=counted.n.sum().over(window),
                            _jm_rank=ibis.row_number().over(order))
    top = ranked.filter(ranked._jm_rank == 0).select("persona", "path", "n", "total")
    return {str(row["persona"]): (str(row["path"]), round(int(row["n"]) / int(row["total"]), 6))
            for row in fetch_rows(top)}


def survey_kpis(answers: ir.Table, members: ir.Table) -> dict[str, dict[str, Any]]:
    """persona -> {nps, nps_n, csat, csat_n} from the answers of its customers."""
    from journeymap.analytics.kpis import KpiSpec, kpis

    found = kpis(answers, KpiSpec(by="persona", metrics=("nps", "csat")), personas=members)
    result: dict[str, dict[str, Any]] = {}
    for row in found.rows:
        if row["group"] in (None, "all"):
            continue
        entry = result.setdefault(str(row["group"]), {})
        entry[row["metric"]] = row["value"]
        entry[f"{row['metric']}_n"] = row["n"]
    return result


def summary_row(persona: str, name: str, source: str, found: Profile,
                kpis: Mapping[str, Any] | None = None,
                path: tuple[str, float] | None = None) -> dict[str, Any]:
    """One ``--summary`` row (SUMMARY_COLUMNS; ``trait_list`` holds the traits as data)."""
    kpis = kpis or {}
    return {
        "persona": persona, "name": name, "source": source, "customers": found.customers,
        "share": found.share, "traits": "; ".join(t.text() for t in found.traits),
        "trait_list": [t.as_dict() for t in found.traits],
        "typical_path": None if path is None else path[0],
        "typical_path_share": None if path is None else path[1],
        "nps": kpis.get("nps"), "nps_n": kpis.get("nps_n", 0),
        "csat": kpis.get("csat"), "csat_n": kpis.get("csat_n", 0),
        "churn_rate": found.churn_rate, "revenue": found.revenue,
        "revenue_per_customer": found.revenue_per_customer,
    }
