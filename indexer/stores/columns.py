"""The embedded document store's filter and feature columns, in memory.

SQLite stays the truth; these numpy columns mirror the ``creators`` row, the
multi-valued terms and the audience shares of every creator, indexed by the
creator's number (:mod:`indexer.stores.ids`). They answer the per-query reads
(filters, ranking features, facets, browse) without SQL: at a million
creators a filter keeping 10% is a few vector operations, where SQL would
return 100,000 rows through Python.

Semantics are those of the SQL they replace (:func:`indexer.stores.sqlite.where_clause`):
an unknown value never passes a filter on it, audience minimums sum the shares
of the listed keys, and ties in sorts go to the lower id.
"""

from __future__ import annotations

import math
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

from indexer.stores.base import (
    DERIVED_STATS,
    CollabRule,
    FeatureRows,
    FilterSpec,
    IndexedCreator,
    SortField,
)
from indexer.stores.ids import NumberedIds, Numbering, unique_sorted

NUMERIC = ("followers", "avg_views", "engagement_rate", "estimated_cost_eur", "last_posted_ts",
           "flag_count", "updated_ts", "confidence_rank", *DERIVED_STATS)
SINGLE = ("country", "platform", "tier")
MULTI = ("language", "category")
AUDIENCE_DIMS = ("countries", "age", "gender")
SORT_COLUMN: dict[str, str] = {"followers": "followers", "engagement": "engagement_rate",
                               "avg_views": "avg_views", "relevance": "followers"}


def _nan(value: float | None) -> float:
    return math.nan if value is None else float(value)


@dataclass(frozen=True)
class Row:
    """What the columns hold of one creator."""

    id: str
    platform: str | None
    country: str | None
    tier: str | None
    numbers: tuple[float, ...]  # NUMERIC, NaN = unknown
    languages: tuple[str, ...]
    categories: tuple[str, ...]
    audience: dict[str, dict[str, float]] | None
    #: ``(brand key, category, timestamp)`` per collaboration (indexer.features.collaborations)
    collabs: tuple[tuple[str, str | None, float], ...] = ()

    @classmethod
    def of(cls, item: IndexedCreator) -> Row:
        c, f = item.creator, item.features
        return cls(
            id=c.id, platform=c.platform, country=c.country, tier=f.tier,
            numbers=(_nan(c.followers), _nan(f.avg_views), _nan(f.engagement_rate),
                     _nan(f.estimated_cost_eur), _nan(f.last_posted_ts),
                     float(len(c.brand_safety_flags)), _nan(f.updated_ts),
                     float(f.confidence_rank),
                     *(_nan(getattr(f, name)) for name in DERIVED_STATS)),
            languages=tuple(c.languages), categories=tuple(c.categories),
            audience=c.audience.model_dump() if c.audience else None,
            collabs=f.collabs,
        )


class Vocab:
    """Codes for the distinct values of one column."""

    def __init__(self, values: Sequence[str] = ()) -> None:
        self.values: list[str] = list(values)
        self.code: dict[str, int] = {v: i for i, v in enumerate(self.values)}

    def encode(self, value: str | None) -> int:
        if value is None:
            return -1
        code = self.code.get(value)
        if code is None:
            code = self.code[value] = len(self.values)
            self.values.append(value)
        return code

    def lut(self, values: Sequence[str]) -> np.ndarray:
        """Membership table over codes (index ``code``), for ``values``."""
        table = np.zeros(len(self.values) + 1, dtype=bool)  # the last slot is "unknown"
        for v in values:
            code = self.code.get(v)
            if code is not None:
                table[code] = True
        return table


def _ranges(starts: np.ndarray, counts: np.ndarray) -> np.ndarray:
    total = int(counts.sum())
    if not total:
        return np.zeros(0, dtype=np.int64)
    seg = np.cumsum(counts) - counts
    return np.repeat(starts - seg, counts) + np.arange(total, dtype=np.int64)


class AudienceView(Sequence[dict[str, dict[str, float]] | None]):
    """The audiences of some creators: dicts on demand, share sums vectorised."""

    def __init__(self, cols: Columns, nums: np.ndarray) -> None:
        self._cols = cols
        self._nums = nums
        self._starts = cols.aud_start[nums]
        self._lens = cols.aud_len[nums]
        self.present = cols.has_aud[nums]

    def __len__(self) -> int:
        return int(self._nums.size)

    def __getitem__(self, i: Any) -> Any:
        if isinstance(i, slice):
            return [self[j] for j in range(*i.indices(len(self)))]
        if not self.present[i]:
            return None
        out: dict[str, dict[str, float]] = {dim: {} for dim in AUDIENCE_DIMS}
        start = int(self._starts[i])
        names = self._cols.aud_vocab.values
        keys = self._cols.aud_key[start:start + int(self._lens[i])].tolist()
        shares = self._cols.aud_share[start:start + int(self._lens[i])].tolist()
        for code, share in zip(keys, shares, strict=True):
            dim, key = names[code].split("\x00", 1)
            out[dim][key] = share
        return out

    def __iter__(self) -> Iterator[dict[str, dict[str, float]] | None]:
        return (self[i] for i in range(len(self)))

    def share_sum(self, dim: str, keys: Sequence[str]) -> np.ndarray:
        """Sum of each creator's shares of ``keys`` in ``dim``, added in ``keys`` order
        (exactly as ``sum(aud[dim].get(k, 0.0) for k in keys)``); 0 without an audience."""
        idx = _ranges(self._starts, self._lens)
        owner = np.repeat(np.arange(self._nums.size), self._lens)
        codes = self._cols.aud_key[idx]
        shares = self._cols.aud_share[idx]
        total = np.zeros(self._nums.size)
        for key in keys:
            code = self._cols.aud_vocab.code.get(f"{dim}\x00{key}")
            part = np.zeros(self._nums.size)
            if code is not None:
                hit = codes == code
                part[owner[hit]] = shares[hit]
            total = total + part
        return total


class Columns:
    """Numpy columns over creator numbers; see the module docstring."""

    def __init__(self, numbering: Numbering) -> None:
        self.numbering = numbering
        self.cap = 0
        self.alive = np.zeros(0, dtype=bool)
        self.n_alive = 0
        self.numbers = {name: np.zeros(0) for name in NUMERIC}
        self.codes = {name: np.zeros(0, dtype=np.int32) for name in SINGLE}
        self.vocab = {name: Vocab() for name in SINGLE}
        self.multi: dict[str, dict[str, np.ndarray]] = {name: {} for name in MULTI}
        self.aud_vocab = Vocab()
        self.aud_start = np.zeros(0, dtype=np.int64)
        self.aud_len = np.zeros(0, dtype=np.int64)
        self.has_aud = np.zeros(0, dtype=bool)
        self.aud_key = np.zeros(0, dtype=np.int32)
        self.aud_share = np.zeros(0)
        self.aud_used = 0
        #: ("brand", key) / ("category", name) -> {creator number: latest timestamp}
        self.collab_index: dict[tuple[str, str], dict[int, float]] = {}
        self.collab_of: dict[int, tuple[tuple[str, str | None, float], ...]] = {}
        self._cache: dict[Any, Any] = {}
        self._selects: dict[FilterSpec, np.ndarray] = {}

    # -- writes ----------------------------------------------------------------------
    def _grow(self, size: int) -> None:
        if size <= self.cap:
            return
        cap = max(size, 2 * self.cap, 1024)

        def grown(a: np.ndarray, fill: Any) -> np.ndarray:
            out = np.full(cap, fill, dtype=a.dtype)
            out[:a.size] = a
            return out

        self.alive = grown(self.alive, False)
        self.has_aud = grown(self.has_aud, False)
        self.aud_start = grown(self.aud_start, 0)
        self.aud_len = grown(self.aud_len, 0)
        for name in NUMERIC:
            self.numbers[name] = grown(self.numbers[name], np.nan)
        for name in SINGLE:
            self.codes[name] = grown(self.codes[name], -1)
        for field in MULTI:
            for value, mask in self.multi[field].items():
                self.multi[field][value] = grown(mask, False)
        self.cap = cap

    def _append_audience(self, codes: list[int], shares: list[float]) -> int:
        need = self.aud_used + len(codes)
        if need > self.aud_key.size:
            size = max(need, 2 * self.aud_key.size, 4096)
            key, share = np.zeros(size, dtype=np.int32), np.zeros(size)
            key[:self.aud_used] = self.aud_key[:self.aud_used]
            share[:self.aud_used] = self.aud_share[:self.aud_used]
            self.aud_key, self.aud_share = key, share
        start = self.aud_used
        self.aud_key[start:need] = codes
        self.aud_share[start:need] = shares
        self.aud_used = need
        return start

    def _clear(self, nums: np.ndarray) -> None:
        was = self.alive[nums]
        self.n_alive -= int(was.sum())
        self.alive[nums] = False
        self.has_aud[nums] = False
        self.aud_len[nums] = 0
        for name in NUMERIC:
            self.numbers[name][nums] = np.nan
        for name in SINGLE:
            self.codes[name][nums] = -1
        for field in MULTI:
            for mask in self.multi[field].values():
                mask[nums] = False
        if self.collab_of:
            for num in nums.tolist():
                for brand, category, _ in self.collab_of.pop(num, ()):
                    for key in (("brand", brand), ("category", category)):
                        holders = self.collab_index.get(key)  # type: ignore[arg-type]
                        if holders is not None:
                            holders.pop(num, None)

    def _add_collabs(self, num: int, collabs: tuple[tuple[str, str | None, float], ...]) -> None:
        if not collabs:
            return
        self.collab_of[num] = collabs
        for brand, category, ts in collabs:
            for key in (("brand", brand), ("category", category)):
                if key[1] is None:
                    continue
                holders = self.collab_index.setdefault(key, {})  # type: ignore[arg-type]
                holders[num] = max(ts, holders.get(num, -np.inf))

    def collab_hits(self, rule: CollabRule) -> np.ndarray:
        """Sorted numbers of live creators with a collaboration matching ``rule``."""
        since = -np.inf if rule.since_ts is None else rule.since_ts
        found: set[int] = set()
        for key in [("brand", b) for b in rule.brands] + [("category", c)
                                                          for c in rule.categories]:
            for num, ts in self.collab_index.get(key, {}).items():
                if ts >= since:
                    found.add(num)
        nums = np.array(sorted(found), dtype=np.int64)
        return nums[self.alive[nums]] if nums.size else nums

    def apply(self, rows: Sequence[Row], deleted: Sequence[str]) -> None:
        """Upsert ``rows`` and drop ``deleted`` (a batch; the last row of an id wins)."""
        self._cache = {}
        self._selects = {}
        gone = self.numbering.lookup(deleted)
        gone = gone[gone < self.cap]
        if gone.size:
            self._clear(gone)
        latest = {r.id: r for r in rows}
        if not latest:
            return
        batch = list(latest.values())
        nums = self.numbering.add_many(latest)
        self._grow(int(nums.max()) + 1)
        self._clear(nums)
        self.alive[nums] = True
        self.n_alive += int(nums.size)
        values = np.array([r.numbers for r in batch], dtype=np.float64).reshape(-1, len(NUMERIC))
        for i, name in enumerate(NUMERIC):
            self.numbers[name][nums] = values[:, i]
        for name in SINGLE:
            vocab = self.vocab[name]
            self.codes[name][nums] = [vocab.encode(getattr(r, name)) for r in batch]
        for field, attr in (("language", "languages"), ("category", "categories")):
            holders: dict[str, list[int]] = {}
            for num, r in zip(nums.tolist(), batch, strict=True):
                for value in getattr(r, attr):
                    holders.setdefault(value, []).append(num)
            for value, who in holders.items():
                mask = self.multi[field].get(value)
                if mask is None:
                    mask = self.multi[field][value] = np.zeros(self.cap, dtype=bool)
                mask[who] = True
        for num, r in zip(nums.tolist(), batch, strict=True):
            self._add_collabs(num, r.collabs)
            if r.audience is None:
                continue
            codes: list[int] = []
            shares: list[float] = []
            for dim in AUDIENCE_DIMS:
                for key, share in (r.audience.get(dim) or {}).items():
                    codes.append(self.aud_vocab.encode(f"{dim}\x00{key}"))
                    shares.append(float(share))
            self.aud_start[num] = self._append_audience(codes, shares)
            self.aud_len[num] = len(codes)
            self.has_aud[num] = True
        if self.aud_used > 4 * max(1, int(self.aud_len.sum())) and self.aud_used > 100_000:
            self._compact_audience()

    def _compact_audience(self) -> None:
        live = np.flatnonzero(self.aud_len > 0)
        idx = _ranges(self.aud_start[live], self.aud_len[live])
        self.aud_key, self.aud_share = self.aud_key[idx].copy(), self.aud_share[idx].copy()
        self.aud_start[live] = np.cumsum(self.aud_len[live]) - self.aud_len[live]
        self.aud_used = int(idx.size)

    # -- reads -----------------------------------------------------------------------
    def count(self) -> int:
        return self.n_alive

    def alive_nums(self) -> np.ndarray:
        if "alive" not in self._cache:
            self._cache["alive"] = np.flatnonzero(self.alive)
        return self._cache["alive"]  # type: ignore[no-any-return]

    def sorted_ids(self) -> list[str]:
        if "ids" not in self._cache:
            ids = self.numbering.ids
            self._cache["ids"] = sorted(ids[n] for n in self.alive_nums().tolist())
        return list(self._cache["ids"])

    def _postings(self, field: str, values: Sequence[str]) -> np.ndarray:
        """Sorted numbers of the live creators having any of ``values`` in ``field``."""
        key = ("postings", field, tuple(sorted(set(values))))
        if key not in self._cache:
            if field in SINGLE:
                lut = self.vocab[field].lut(values)
                mask = lut[self.codes[field]]
            else:
                mask = np.zeros(self.cap, dtype=bool)
                for v in values:
                    if v in self.multi[field]:
                        mask |= self.multi[field][v]
            self._cache[key] = np.flatnonzero(mask & self.alive)
        return self._cache[key]  # type: ignore[no-any-return]

    def audience_rule(self, nums: np.ndarray, dim: str, keys: Sequence[str],
                      share: float) -> np.ndarray:
        """Which of ``nums`` hold at least ``share`` of their audience in ``keys`` of ``dim``
        (as the SQL: a creator with none of the keys never passes)."""
        view = AudienceView(self, nums)
        keys = sorted(set(keys))
        codes = [c for k in keys if (c := self.aud_vocab.code.get(f"{dim}\x00{k}")) is not None]
        idx = _ranges(view._starts, view._lens)
        owner = np.repeat(np.arange(nums.size), view._lens)
        matched = np.zeros(nums.size, dtype=bool)
        matched[owner[np.isin(self.aud_key[idx], codes)]] = True
        return matched & (view.share_sum(dim, keys) >= share - 1e-9)

    def select(self, spec: FilterSpec) -> np.ndarray | None:
        """Sorted numbers of the live creators passing ``spec``; None when it filters nothing.

        The last few answers are kept until the next write, so the stages of one query
        (candidates, BM25, facets) run its filter once.
        """
        if spec.is_empty():
            return None
        found = self._selects.get(spec)
        if found is None:
            found = self._select(spec)
            found.flags.writeable = False
            if len(self._selects) >= 16:
                self._selects = {}
            self._selects[spec] = found
        return found

    def _select(self, spec: FilterSpec) -> np.ndarray:
        lists = [(field, values) for field, values in (
            ("country", spec.countries), ("platform", spec.platforms), ("tier", spec.tiers),
            ("language", spec.languages), ("category", spec.categories)) if values]
        sel: np.ndarray | None = None
        if lists:
            postings = [self._postings(f, v) for f, v in lists]
            first = min(range(len(lists)), key=lambda i: postings[i].size)
            sel = postings[first]
            for i, (field, values) in enumerate(lists):
                if i == first or not sel.size:
                    continue
                if field in SINGLE:
                    lut = self.vocab[field].lut(values)
                    sel = sel[lut[self.codes[field][sel]]]
                else:
                    keep = np.zeros(sel.size, dtype=bool)
                    for v in values:
                        if v in self.multi[field]:
                            keep |= self.multi[field][v][sel]
                    sel = sel[keep]
        ranges = [(self.numbers["followers"], spec.followers_min, spec.followers_max),
                  (self.numbers["avg_views"], spec.avg_views_min, spec.avg_views_max),
                  (self.numbers["engagement_rate"], spec.min_engagement_rate, None)]
        ranges += [(self.numbers[name], low, None) for name, low in spec.minimums]
        full = sel is None
        keep_all = self.alive.copy() if full else None
        for column, low, high in ranges:
            if low is None and high is None:
                continue
            if full:
                assert keep_all is not None
                if low is not None:
                    keep_all &= column >= low
                if high is not None:
                    keep_all &= column <= high
            else:
                assert sel is not None
                values = column[sel]
                keep = np.ones(sel.size, dtype=bool)
                if low is not None:
                    keep &= values >= low
                if high is not None:
                    keep &= values <= high
                sel = sel[keep]
        if spec.exclude_flagged:
            if full:
                assert keep_all is not None
                keep_all &= self.numbers["flag_count"] == 0
            else:
                assert sel is not None
                sel = sel[self.numbers["flag_count"][sel] == 0]
        if spec.max_confidence_rank is not None:
            # NaN (indexed before confidence existed) fails, as every unknown value does
            if full:
                assert keep_all is not None
                keep_all &= self.numbers["confidence_rank"] <= spec.max_confidence_rank
            else:
                assert sel is not None
                sel = sel[self.numbers["confidence_rank"][sel] <= spec.max_confidence_rank]
        if spec.updated_since_ts is not None:
            column = self.numbers["updated_ts"]
            if full:
                assert keep_all is not None
                ok = column >= spec.updated_since_ts
                keep_all &= (ok | np.isnan(column)) if spec.updated_unknown_ok else ok
            else:
                assert sel is not None
                values = column[sel]
                ok = values >= spec.updated_since_ts
                sel = sel[(ok | np.isnan(values)) if spec.updated_unknown_ok else ok]
        if full:
            assert keep_all is not None
            sel = np.flatnonzero(keep_all)
        assert sel is not None
        for rule in spec.audience:
            if not sel.size:
                break
            sel = sel[self.audience_rule(sel, rule.dim, rule.keys, rule.share)]
        if spec.without_collabs is not None and sel.size:
            sel = sel[~np.isin(sel, self.collab_hits(spec.without_collabs))]
        if spec.with_collabs is not None and sel.size:
            sel = sel[np.isin(sel, self.collab_hits(spec.with_collabs))]
        if spec.exclude_ids and sel.size:
            out = self.numbering.lookup(spec.exclude_ids)
            if out.size:
                sel = sel[~np.isin(sel, out)]
        return sel

    def nums_of(self, ids: Sequence[str]) -> tuple[list[str], np.ndarray]:
        """The live ones among ``ids`` (in order) and their numbers."""
        nums = self.numbering.numbers(ids)
        ok = nums >= 0
        ok[ok] = nums[ok] < self.cap
        ok[ok] = self.alive[nums[ok]]
        if ok.all():
            return NumberedIds(ids, self.numbering, nums), nums
        return NumberedIds([cid for cid, keep in zip(ids, ok.tolist(), strict=True) if keep],
                           self.numbering, nums[ok]), nums[ok]

    def features(self, ids: Sequence[str]) -> FeatureRows:
        found, nums = self.nums_of(ids)
        tiers = self.vocab["tier"].values
        return FeatureRows(
            ids=found,
            followers=self.numbers["followers"][nums],
            avg_views=self.numbers["avg_views"][nums],
            engagement_rate=self.numbers["engagement_rate"][nums],
            estimated_cost_eur=self.numbers["estimated_cost_eur"][nums],
            last_posted_ts=self.numbers["last_posted_ts"][nums],
            flag_count=self.numbers["flag_count"][nums],
            tier=[tiers[c] if c >= 0 else None for c in self.codes["tier"][nums].tolist()],
            audience=AudienceView(self, nums),  # type: ignore[arg-type]
            **{name: self.numbers[name][nums] for name in DERIVED_STATS},
        )

    def facets(self, sel: np.ndarray | None, fields: Sequence[str]) -> dict[str, dict[str, int]]:
        """Counts per value over ``sel`` (None: every live creator), sorted by (-count, value)."""
        out: dict[str, dict[str, int]] = {}
        for field in fields:
            key = ("facet", field)
            if sel is None and key in self._cache:
                out[field] = dict(self._cache[key])
                continue
            counts: dict[str, int] = {}
            if field in SINGLE:
                codes = self.codes[field][self.alive_nums() if sel is None else sel]
                tally = np.bincount(codes[codes >= 0], minlength=len(self.vocab[field].values))
                values = self.vocab[field].values
                counts = {values[c]: int(n) for c, n in enumerate(tally.tolist()) if n}
            else:
                for value, mask in self.multi[field].items():
                    n = int(mask.sum() if sel is None else mask[sel].sum())
                    if n:
                        counts[value] = n
            ordered = dict(sorted(counts.items(), key=lambda kv: (-kv[1], kv[0])))
            if sel is None:
                self._cache[key] = ordered
            out[field] = dict(ordered)
        return out

    def facets_of(self, ids: Sequence[str], fields: Sequence[str]) -> dict[str, dict[str, int]]:
        _, nums = self.nums_of(ids)
        return self.facets(unique_sorted(nums), fields)

    def browse(self, sel: np.ndarray | None, sort: SortField, offset: int, limit: int
               ) -> tuple[list[str], int]:
        """A page of ids by a stats field (desc, unknown last, ties by id) and the total."""
        nums = self.alive_nums() if sel is None else sel
        total = int(nums.size)
        need = offset + limit
        if limit <= 0 or offset >= total:
            return [], total
        ids = self.numbering.ids
        values = self.numbers[SORT_COLUMN[sort]][nums]
        known = ~np.isnan(values)
        known_nums, known_values = nums[known], values[known]
        ordered: list[int] = []
        if need < known_nums.size:
            cut = -np.partition(-known_values, need - 1)[need - 1]
            take = known_values >= cut  # the page's last value and every tie with it
            pairs = sorted(zip((-known_values[take]).tolist(), known_nums[take].tolist(),
                               strict=True), key=lambda p: (p[0], ids[p[1]]))
            ordered = [n for _, n in pairs[:need]]
        else:
            pairs = sorted(zip((-known_values).tolist(), known_nums.tolist(), strict=True),
                           key=lambda p: (p[0], ids[p[1]]))
            ordered = [n for _, n in pairs]
            unknown = sorted(nums[~known].tolist(), key=ids.__getitem__)
            ordered += unknown[:need - len(ordered)]
        return [ids[n] for n in ordered[offset:need]], total

    # -- snapshots -------------------------------------------------------------------
    def save(self, path: Path, seq: int) -> None:
        live = self.alive_nums()
        arrays: dict[str, np.ndarray] = {
            "seq": np.array([seq]),
            "ids": np.array([self.numbering.ids[n] for n in live.tolist()], dtype=object),
        }
        for name in NUMERIC:
            arrays[f"num_{name}"] = self.numbers[name][live]
        for name in SINGLE:
            arrays[f"code_{name}"] = self.codes[name][live]
            arrays[f"vocab_{name}"] = np.array(self.vocab[name].values, dtype=object)
        for field in MULTI:
            values = sorted(self.multi[field])
            arrays[f"multi_{field}_values"] = np.array(values, dtype=object)
            bits = np.zeros((len(values), (live.size + 7) // 8), dtype=np.uint8)
            for i, v in enumerate(values):
                bits[i] = np.packbits(self.multi[field][v][live])
            arrays[f"multi_{field}_bits"] = bits
        lens = self.aud_len[live]
        idx = _ranges(self.aud_start[live], lens)
        arrays["aud_len"] = lens
        arrays["aud_has"] = self.has_aud[live]
        arrays["aud_key"] = self.aud_key[idx]
        arrays["aud_share"] = self.aud_share[idx]
        arrays["aud_vocab"] = np.array(self.aud_vocab.values, dtype=object)
        collabs = np.empty(live.size, dtype=object)
        collabs[:] = [self.collab_of.get(n, ()) for n in live.tolist()]
        arrays["collabs"] = collabs
        tmp = path.with_name(f".{path.name}.tmp")
        with tmp.open("wb") as handle:
            np.savez(handle, **arrays)
        tmp.replace(path)

    @classmethod
    def load(cls, path: Path, numbering: Numbering) -> tuple[Columns, int]:
        cols = cls(numbering)
        with np.load(path, allow_pickle=True) as data:
            ids = data["ids"].tolist()
            nums = numbering.add_many(ids)
            if nums.size:
                cols._grow(int(nums.max()) + 1)
            cols.alive[nums] = True
            cols.n_alive = int(nums.size)
            for name in NUMERIC:
                cols.numbers[name][nums] = data[f"num_{name}"]
            for name in SINGLE:
                cols.vocab[name] = Vocab(data[f"vocab_{name}"].tolist())
                cols.codes[name][nums] = data[f"code_{name}"]
            for field in MULTI:
                bits = data[f"multi_{field}_bits"]
                for i, value in enumerate(data[f"multi_{field}_values"].tolist()):
                    mask = np.zeros(cols.cap, dtype=bool)
                    mask[nums] = np.unpackbits(bits[i], count=nums.size).astype(bool)
                    cols.multi[field][value] = mask
            lens = data["aud_len"]
            cols.aud_vocab = Vocab(data["aud_vocab"].tolist())
            cols.aud_key = data["aud_key"].astype(np.int32)
            cols.aud_share = data["aud_share"].astype(np.float64)
            cols.aud_used = int(cols.aud_key.size)
            cols.aud_start[nums] = np.cumsum(lens) - lens
            cols.aud_len[nums] = lens
            cols.has_aud[nums] = data["aud_has"]
            for num, collabs in zip(nums.tolist(), data["collabs"].tolist(), strict=True):
                cols._add_collabs(num, tuple(tuple(c) for c in collabs))
            seq = int(data["seq"][0])
        return cols, seq

    def nbytes(self) -> int:
        total = self.alive.nbytes + self.has_aud.nbytes + self.aud_start.nbytes
        total += self.aud_len.nbytes + self.aud_key.nbytes + self.aud_share.nbytes
        total += sum(a.nbytes for a in self.numbers.values())
        total += sum(a.nbytes for a in self.codes.values())
        total += sum(m.nbytes for f in self.multi.values() for m in f.values())
        return int(total)
