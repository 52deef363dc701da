"""Audience overlap between creators: how far two creators reach the same people.

Two kinds of evidence, the direct one first:

* **Shared audience samples.** When both records carry an ``audience_sample``
  of the same ``kind`` on the same platform (opaque commenter or follower ids,
  :class:`schemas.creator.AudienceSample`), the overlap is the estimated share
  of the smaller audience that is also in the other one::

      |A ∩ B| ≈ m / (p_a · p_b)          overlap = min(1, |A ∩ B| / min(N_a, N_b))

  where ``m`` is the number of ids the two samples share, ``N`` a population
  (the sample's ``population``, or its length when it is the whole list) and
  ``p = len(ids) / N`` the sampling rate. For uniform, independent samples this
  is the Horvitz-Thompson estimate of the intersection; for complete lists
  (``p = 1``) it is exactly the overlap coefficient. Few shared ids make a
  noisy estimate, so the count ``m`` is always reported beside it.
* **Demographics.** Otherwise the overlap is how alike the audiences look: per
  dimension (countries, age, gender) the histogram intersection
  ``sum_k min(a_k, b_k)`` of the audience shares, averaged over the dimensions
  both creators report. Alike audiences are not the same people, so this is an
  upper-bound-flavoured proxy; the ``basis`` of every pair says which one was used.

Everything is computed for all pairs at once with numpy (no per-pair loops).
"""

from __future__ import annotations

import re
import time
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from indexer.stores.base import DocumentStore
from schemas import Creator
from schemas.creator import ID_PATTERN, AudienceSample
from schemas.sets import OVERLAP_MAX_IDS, OverlapPair, OverlapResponse
from scout.errors import InvalidQuery, NotFound

DIMENSIONS: tuple[str, ...] = ("countries", "age", "gender")
Basis = str  # "self" | "sample" | "demographics" | "none"
AudienceShares = dict[str, dict[str, float]] | None
#: Columns of the dense incidence matrix built at once when counting shared sample ids.
_CHUNK = 16_384


@dataclass(frozen=True)
class OverlapMatrix:
    """Pairwise audience overlap of ``ids`` (all matrices ``n x n``, symmetric)."""

    ids: list[str]
    #: The overlap used: the sample estimate where comparable, else demographics, else 0.
    overlap: np.ndarray
    basis: np.ndarray  # of str, see :data:`Basis`
    #: Mean histogram intersection over the dimensions both report (NaN: none).
    demographic: np.ndarray
    by_dimension: dict[str, np.ndarray]  # NaN where either creator lacks the dimension
    #: Estimated share of the smaller audience in the other (NaN: samples not comparable).
    sample: np.ndarray
    shared: np.ndarray  # shared sample ids (0 where not comparable)
    kinds: list[str | None]

    def pair(self, i: int, j: int) -> dict[str, object]:
        """Everything about one pair, as plain values."""
        dims = {d: _num(m[i, j]) for d, m in self.by_dimension.items()}
        return {"overlap": round(float(self.overlap[i, j]), 4), "basis": str(self.basis[i, j]),
                "demographic": _num(self.demographic[i, j]), "dimensions": dims,
                "sample": _num(self.sample[i, j]), "shared_ids": int(self.shared[i, j]),
                "sample_kind": self.kinds[i] if not np.isnan(self.sample[i, j]) else None}


def _num(x: float) -> float | None:
    return None if np.isnan(x) else round(float(x), 4)


def share_matrix(audiences: Sequence[AudienceShares], dim: str) -> tuple[np.ndarray, list[str]]:
    """``n x K`` shares of dimension ``dim`` over the union of keys (sorted), 0 where absent."""
    keys = sorted({k for a in audiences if a for k in (a.get(dim) or {})})
    col = {k: n for n, k in enumerate(keys)}
    out = np.zeros((len(audiences), len(keys)))
    for i, a in enumerate(audiences):
        for k, share in ((a or {}).get(dim) or {}).items():
            out[i, col[k]] = share
    return out, keys


def demographic_overlap(audiences: Sequence[AudienceShares]
                        ) -> tuple[np.ndarray, dict[str, np.ndarray]]:
    """Mean histogram intersection over shared dimensions, and each dimension's."""
    n = len(audiences)
    per_dim: dict[str, np.ndarray] = {}
    total = np.zeros((n, n))
    count = np.zeros((n, n))
    for dim in DIMENSIONS:
        shares, _ = share_matrix(audiences, dim)
        present = shares.sum(axis=1) > 0
        both = present[:, None] & present[None, :]
        inter = np.minimum(shares[:, None, :], shares[None, :, :]).sum(axis=2) \
            if shares.shape[1] else np.zeros((n, n))
        per_dim[dim] = np.where(both, np.minimum(inter, 1.0), np.nan)
        total += np.where(both, np.minimum(inter, 1.0), 0.0)
        count += both
    with np.errstate(invalid="ignore", divide="ignore"):
        mean = np.where(count > 0, total / np.maximum(count, 1), np.nan)
    return mean, per_dim


def shared_counts(samples: Sequence[Sequence[str]]) -> np.ndarray:
    """``n x n`` number of ids each pair of samples has in common (diagonal: sample sizes)."""
    n = len(samples)
    sizes = np.array([len(s) for s in samples], dtype=np.int64)
    out = np.diag(sizes).astype(np.int64)
    if n < 2 or sizes.sum() == 0:
        return out
    owner = np.repeat(np.arange(n), sizes)
    codes = np.unique(np.concatenate([np.asarray(s, dtype=object) for s in samples if s])
                      .astype(str), return_inverse=True)[1]
    counts = np.bincount(codes)
    keep = counts[codes] > 1  # an id in one sample only adds to the diagonal
    owner, codes = owner[keep], codes[keep]
    if not codes.size:
        return out
    cols = np.unique(codes, return_inverse=True)[1]
    width = int(cols.max()) + 1
    shared = np.zeros((n, n), dtype=np.int64)
    for start in range(0, width, _CHUNK):
        sel = (cols >= start) & (cols < start + _CHUNK)
        block = np.zeros((n, min(_CHUNK, width - start)), dtype=np.float32)
        block[owner[sel], cols[sel] - start] = 1.0
        shared += np.rint(block @ block.T).astype(np.int64)
    np.fill_diagonal(shared, sizes)
    return shared


def sample_overlap(samples: Sequence[AudienceSample | None], platforms: Sequence[str | None]
                   ) -> tuple[np.ndarray, np.ndarray]:
    """Estimated overlap share (NaN where not comparable) and shared id counts."""
    ids = [s.ids if s is not None else [] for s in samples]
    shared = shared_counts(ids)
    has = np.array([bool(x) for x in ids])
    kind = np.array([s.kind if s is not None else "" for s in samples], dtype=object)
    plat = np.array([p or "" for p in platforms], dtype=object)
    comparable = (has[:, None] & has[None, :] & (kind[:, None] == kind[None, :])
                  & ((plat[:, None] == plat[None, :]) | (plat[:, None] == "")
                     | (plat[None, :] == "")))
    rate = np.array([s.rate() if s is not None and s.ids else 1.0 for s in samples])
    pop = np.array([float(s.population or len(s.ids)) if s is not None else 0.0
                    for s in samples])
    with np.errstate(invalid="ignore", divide="ignore"):
        inter = shared / (rate[:, None] * rate[None, :])
        smaller = np.minimum(pop[:, None], pop[None, :])
        share = np.minimum(1.0, inter / np.maximum(smaller, 1.0))
    share = np.where(comparable, share, np.nan)
    np.fill_diagonal(share, np.where(has, 1.0, np.nan))
    return share, np.where(comparable, shared, 0)


def overlap_matrix(ids: Sequence[str], audiences: Sequence[AudienceShares],
                   samples: Sequence[AudienceSample | None],
                   platforms: Sequence[str | None]) -> OverlapMatrix:
    """Pairwise overlap from audience shares and samples (see the module docstring)."""
    n = len(ids)
    demo, per_dim = demographic_overlap(audiences)
    sample, shared = sample_overlap(samples, platforms)
    overlap = np.where(~np.isnan(sample), sample, np.where(~np.isnan(demo), demo, 0.0))
    basis = np.where(~np.isnan(sample), "sample",
                     np.where(~np.isnan(demo), "demographics", "none")).astype(object)
    np.fill_diagonal(overlap, 1.0)
    eye = np.eye(n, dtype=bool)
    basis[eye] = "self"
    kinds = [s.kind if s is not None and s.ids else None for s in samples]
    return OverlapMatrix(list(ids), overlap, basis, demo, per_dim, sample, shared, kinds)


def creators_overlap(creators: Sequence[Creator]) -> OverlapMatrix:
    return overlap_matrix(
        [c.id for c in creators],
        [c.audience.model_dump() if c.audience else None for c in creators],
        [c.audience_sample for c in creators], [c.platform for c in creators])


def _pct(x: float) -> str:
    return f"{x * 100:.0f}%"


def explain(matrix: OverlapMatrix, i: int, j: int,
            audiences: Sequence[AudienceShares] = ()) -> str:
    """One sentence on why the pair overlaps as much as it does."""
    a, b = matrix.ids[i], matrix.ids[j]
    basis = matrix.basis[i, j]
    if basis == "self":
        return f"{a} is the same creator"
    if basis == "sample":
        kind = matrix.kinds[i] or "audience members"
        m = int(matrix.shared[i, j])
        text = (f"{m} {kind} appear in both samples: an estimated {_pct(matrix.overlap[i, j])} "
                f"of the smaller audience also follows the other")
        if kind == "commenters":
            text = text.replace("also follows", "also comments on")
        return text
    if basis == "none":
        return f"no audience data to compare for {a} and {b}"
    dims = ", ".join(f"{d} {_pct(v[i, j])}" for d, v in matrix.by_dimension.items()
                     if not np.isnan(v[i, j]))
    text = f"audiences look {_pct(matrix.overlap[i, j])} alike ({dims})"
    market = _top_shared_country(audiences, i, j) if audiences else None
    if market:
        text += (f"; largest shared market {market[0]} (at least {_pct(market[1])} of each "
                 "audience)")
    return text + "; no shared audience sample to count the same people"


def _top_shared_country(audiences: Sequence[AudienceShares], i: int, j: int
                        ) -> tuple[str, float] | None:
    x = (audiences[i] or {}).get("countries") or {}
    y = (audiences[j] or {}).get("countries") or {}
    common = sorted(((min(x[k], y[k]), k) for k in x.keys() & y.keys()), reverse=True)
    return (common[0][1], common[0][0]) if common and common[0][0] > 0 else None


def check_ids(ids: Sequence[str], field: str = "ids") -> list[str]:
    """The creator ids of an overlap request, cleaned: 2 to 50 distinct well-formed ids."""
    out = list(dict.fromkeys(i.strip() for i in ids if i.strip()))
    if len(out) < 2:
        raise InvalidQuery("name at least two distinct creator ids to compare", field=field)
    if len(out) > OVERLAP_MAX_IDS:
        raise InvalidQuery(f"compare at most {OVERLAP_MAX_IDS} creators at once, not "
                           f"{len(out)}", field=field)
    for cid in out:
        if not re.fullmatch(ID_PATTERN, cid):
            raise InvalidQuery(f"{cid[:140]!r} is not a creator id", field=field)
    return out


def compare(docs: DocumentStore, ids: Sequence[str]) -> OverlapResponse:
    """The overlap matrix of ``ids`` (checked with :func:`check_ids`) with explanations."""
    started = time.perf_counter()
    ids = check_ids(ids)
    found = docs.get(ids)
    missing = [cid for cid in ids if cid not in found]
    if missing:
        raise NotFound(f"no creator with id {missing[0]!r}"
                       + (f" (and {len(missing) - 1} more)" if len(missing) > 1 else ""),
                       field="ids")
    creators = [found[cid] for cid in ids]
    audiences = [c.audience.model_dump() if c.audience else None for c in creators]
    m = creators_overlap(creators)
    pairs: list[OverlapPair] = []
    for i, j in zip(*np.triu_indices(len(ids), k=1), strict=True):
        facts = m.pair(int(i), int(j))
        pairs.append(OverlapPair(a=ids[i], b=ids[j], explanation=explain(m, int(i), int(j),
                                                                         audiences), **facts))
    pairs.sort(key=lambda p: (-p.overlap, ids.index(p.a), ids.index(p.b)))
    return OverlapResponse(ids=ids, matrix=np.round(m.overlap, 4).tolist(), pairs=pairs,
                           took_ms=round((time.perf_counter() - started) * 1000, 2))
