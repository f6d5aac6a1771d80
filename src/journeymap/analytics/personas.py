"""Personas from data: customers clustered on their features (numpy and scikit-learn).

The features (:mod:`personas_features`) become one matrix: counts, days and money through
``log1p`` (their tails would otherwise decide the clusters), then every numeric column
standardised; each categorical attribute one-hot encoded with its block scaled so that the
whole attribute weighs ``categorical_weight`` of one numeric feature (its total variance is
``categorical_weight**2``), so an attribute with many levels does not count many times.

k-means (k-means++, ``n_init`` starts, ``random_state=seed``) groups the rows. The number of
personas is ``k`` when given, else the k in ``k_min..k_max`` with the highest mean
silhouette, each k fitted and measured on one fixed-seed sample of ``sample`` rows; the
chosen k is then fitted on all rows. Clusters are numbered by size
(largest first; ties by centroid), so one seed and one data set give one answer.

Identity across a refresh: a persona keeps its centroid in the *raw* space (log1p'd means
and level shares, before standardising); the new clusters are matched to the old
centroids by the Hungarian method on their distance in the new standardised space
(``scipy.optimize.linear_sum_assignment``), so ids and edited names stay with the group
of customers they describe.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Annotated, Any, ClassVar

import numpy as np
import numpy.typing as npt
from pydantic import Field, model_validator

from journeymap.analytics.spec import Spec
from journeymap.errors import InputError

if TYPE_CHECKING:
    from journeymap.analytics.personas_features import Features

Matrix = npt.NDArray[np.float64]
Labels = npt.NDArray[np.int64]
#: Numeric features read through log1p (counts, days, money: long right tails).
LOG_FEATURES = frozenset({"events", "active_days", "journey_days", "recency_days", "orders",
                          "spend", "basket"})
#: Joins an attribute and its level in a raw-space column name: ``main_channel=web``.
LEVEL_SEP = "="


class ClusterSpec(Spec):
    """How customers are grouped into personas."""

    analysis: ClassVar[str] = "personas"

    #: The number of personas; None: chosen by silhouette in k_min..k_max.
    k: Annotated[int, Field(ge=2, le=20)] | None = None
    k_min: Annotated[int, Field(ge=2, le=20)] = 2
    k_max: Annotated[int, Field(ge=2, le=20)] = 8
    seed: Annotated[int, Field(ge=0, le=2**32 - 1)] = 0
    #: Rows the silhouette is measured on (a fixed-seed sample; all rows when fewer).
    sample: Annotated[int, Field(ge=50, le=100_000)] = 2000
    categorical_weight: Annotated[float, Field(ge=0, le=4)] = 0.5
    n_init: Annotated[int, Field(ge=1, le=50)] = 4

    @model_validator(mode="after")
    def _range(self) -> ClusterSpec:
        if self.k_min > self.k_max:
            raise ValueError(f"k_min {self.k_min} is above k_max {self.k_max}")
        return self


@dataclass(frozen=True)
class Space:
    """How feature rows become matrix rows: raw columns, then ``(raw - center) / scale``."""

    numeric: tuple[str, ...]
    levels: tuple[tuple[str, tuple[str, ...]], ...]
    center: Matrix
    scale: Matrix

    @property
    def columns(self) -> tuple[str, ...]:
        return (*self.numeric, *(f"{name}{LEVEL_SEP}{level}" for name, levels in self.levels
                                 for level in levels))

    def standardise(self, raw: Matrix) -> Matrix:
        scaled: Matrix = (raw - self.center) / self.scale
        return scaled


@dataclass(frozen=True)
class Clustering:
    """Cluster of each feature row (0 = largest), centroids in the raw space, and why k."""

    labels: Labels
    k: int
    centroids: Matrix
    space: Space
    silhouettes: dict[int, float]

    def sizes(self) -> list[int]:
        return [int(n) for n in np.bincount(self.labels, minlength=self.k)]

    def centroid(self, cluster: int) -> dict[str, float]:
        """The raw-space centroid of ``cluster`` by column name (what is stored)."""
        return {name: round(float(value), 9)
                for name, value in zip(self.space.columns, self.centroids[cluster], strict=True)}


def raw_matrix(rows: Sequence[Mapping[str, Any]], numeric: Sequence[str],
               levels: Sequence[tuple[str, Sequence[str]]]) -> Matrix:
    """Numeric columns (log1p where in LOG_FEATURES; a missing value: the column mean),
    then the one-hot columns of each categorical attribute."""
    n = len(rows)
    blocks: list[Matrix] = []
    for name in numeric:
        values = np.array([np.nan if row.get(name) is None else float(row[name])
                           for row in rows], dtype=np.float64).reshape(n, 1)
        if name in LOG_FEATURES:
            values = np.log1p(np.clip(values, 0.0, None))
        known = values[~np.isnan(values)]
        values[np.isnan(values)] = float(known.mean()) if known.size else 0.0
        blocks.append(values)
    for name, names in levels:
        found = np.array([str(row.get(name)) for row in rows], dtype=object)
        blocks.append(np.stack([(found == level).astype(np.float64) for level in names], axis=1)
                      if names else np.zeros((n, 0)))
    return np.hstack(blocks) if blocks else np.zeros((n, 0))


def fit_space(features: Features, categorical_weight: float) -> tuple[Space, Matrix]:
    """The space fitted to ``features`` and their raw matrix."""
    levels = tuple((name, tuple(sorted({str(row[name]) for row in features.rows})))
                   for name in features.categorical)
    raw = raw_matrix(features.rows, features.numeric, levels)
    width = len(features.numeric)
    center = np.zeros(raw.shape[1])
    scale = np.ones(raw.shape[1])
    if width:
        center[:width] = raw[:, :width].mean(axis=0)
        spread = raw[:, :width].std(axis=0)
        scale[:width] = np.where(spread > 0, spread, 1.0)
        scale[:width] *= _redundancy((raw[:, :width] - center[:width]) / scale[:width])
    start = width
    for _, names in levels:
        shares = raw[:, start:start + len(names)].mean(axis=0)
        variance = float((shares * (1 - shares)).sum())
        if categorical_weight > 0 and variance > 0:
            scale[start:start + len(names)] = np.sqrt(variance) / categorical_weight
        else:
            scale[start:start + len(names)] = np.inf  # weight 0: the attribute is left out
        start += len(names)
    return Space(tuple(features.numeric), levels, center, scale), raw


def _redundancy(standard: Matrix) -> Matrix:
    """Per column: the square root of the sum of its squared correlations with every column
    (itself included). Dividing by it makes m copies of one signal weigh as one feature."""
    if standard.shape[1] < 2 or standard.shape[0] < 2:
        return np.ones(standard.shape[1])
    with np.errstate(invalid="ignore", divide="ignore"):
        corr: Matrix = np.atleast_2d(np.nan_to_num(np.corrcoef(standard, rowvar=False),
                                                   nan=0.0))
    np.fill_diagonal(corr, 1.0)
    found: Matrix = np.sqrt((corr ** 2).sum(axis=0))
    return found


def cluster(features: Features, spec: ClusterSpec | None = None) -> Clustering:
    """Group the customers of ``features`` (see the module doc for the method)."""
    spec = spec or ClusterSpec()
    n = len(features.rows)
    space, raw = fit_space(features, spec.categorical_weight)
    matrix = space.standardise(raw)
    wanted = [spec.k] if spec.k is not None else list(range(spec.k_min, spec.k_max + 1))
    if n < max(wanted) + 1 or n < 3:
        raise InputError(f"personas: {n} customers are too few for {max(wanted)} personas",
                         hint="import more customers' events or ask for fewer with --k")
    scores: dict[int, float] = {}
    if spec.k is None:
        # k is chosen on a fixed-seed sample (fit and silhouette): the sweep stays fast
        sample = matrix[_sample(n, spec.sample, spec.seed)]
        for k in wanted:
            scores[k] = _silhouette(sample, _kmeans(sample, k, spec)[0], spec.seed)
    best = spec.k if spec.k is not None else max(wanted, key=lambda k: (scores[k], -k))
    found, centers = _kmeans(matrix, best, spec)
    labels = _by_size(found, centers)
    centroids = np.stack([raw[labels == c].mean(axis=0) for c in range(best)])
    return Clustering(labels, best, centroids, space, scores)


def _sample(n: int, size: int, seed: int) -> npt.NDArray[np.int64]:
    if n <= size:
        return np.arange(n)
    picked: npt.NDArray[np.int64] = np.sort(
        np.random.default_rng(seed).choice(n, size=size, replace=False))
    return picked


def _kmeans(matrix: Matrix, k: int, spec: ClusterSpec) -> tuple[Labels, Matrix]:
    from sklearn.cluster import KMeans
    from threadpoolctl import threadpool_limits  # type: ignore[import-untyped]

    # one thread: OpenMP's spinning threads are many times slower on a busy machine
    with threadpool_limits(limits=1):
        model = KMeans(n_clusters=k, n_init=spec.n_init, random_state=spec.seed).fit(matrix)
    labels: Labels = model.labels_.astype(np.int64)
    centers: Matrix = model.cluster_centers_
    return labels, centers


def _silhouette(matrix: Matrix, labels: Labels, seed: int) -> float:
    from sklearn.metrics import silhouette_score

    if len(set(labels.tolist())) < 2:
        return -1.0
    return round(float(silhouette_score(matrix, labels, random_state=seed)), 6)


def _by_size(labels: Labels, centers: Matrix) -> Labels:
    """Labels renumbered: largest cluster 0; equal sizes by their centers' values."""
    sizes = np.bincount(labels, minlength=len(centers))
    order = sorted(range(len(centers)), key=lambda c: (-sizes[c], tuple(centers[c].round(9))))
    renumber = np.empty(len(centers), dtype=np.int64)
    renumber[order] = np.arange(len(centers))
    relabelled: Labels = renumber[labels]
    return relabelled


def match_previous(clustering: Clustering,
                   previous: Mapping[str, Mapping[str, float]]) -> list[str | None]:
    """For each new cluster, the id of the previous persona it continues (None: new).

    ``previous`` maps persona id -> raw-space centroid by column name (as
    :meth:`Clustering.centroid` gives). Both sides are standardised with the new space;
    a column one side lacks counts as 0 there (a level nobody had), and a numeric feature
    the old centroid lacks takes the new mean.
    """
    if not previous:
        return [None] * clustering.k
    from scipy.optimize import linear_sum_assignment

    space = clustering.space
    ids = sorted(previous)
    numeric = set(space.numeric)
    old = np.array([[previous[ident].get(name, space.center[i] if name in numeric else 0.0)
                     for i, name in enumerate(space.columns)] for ident in ids])
    new = space.standardise(clustering.centroids)
    cost = np.linalg.norm(new[:, None, :] - space.standardise(old)[None, :, :], axis=2)
    cost = np.nan_to_num(cost, nan=0.0, posinf=0.0)
    rows, cols = linear_sum_assignment(cost)
    matched: list[str | None] = [None] * clustering.k
    for row, col in zip(rows.tolist(), cols.tolist(), strict=True):
        matched[row] = ids[col]
    return matched
