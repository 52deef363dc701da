"""Briefs and queries in, ranked and explained creators out.

Candidates: the document store applies the hard filters once. When few
creators pass (``score_all_threshold``), every one of them is scored, so a
narrow filter never silently misses a match. Otherwise the candidates are the
union of semantic ANN over profiles, ANN over content and BM25, each restricted
to the filtered set; every candidate gets its exact similarities and BM25 score,
however it was found. All candidates are then scored with numpy in one pass.
"""

from __future__ import annotations

import dataclasses
import functools
import math
import os
import threading
import time
from collections.abc import Callable, Collection, Iterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass
from itertools import pairwise, repeat
from typing import Any, TypeVar

import numpy as np

from indexer.stores.base import (
    Backend,
    CollabRule,
    DocumentStore,
    FeatureRows,
    FilterSpec,
    VectorIndex,
    facets_from_records,
)
from indexer.stores.ids import IdSet, NumberedIds, Numbering, unique_sorted
from indexer.text import tokens
from ranker import signals as sig
from ranker.budget import propose_set
from ranker.cursor import decode_cursor, encode_cursor
from ranker.diversity import diversify, note
from ranker.filters import competitor_rule, compile_filters
from ranker.outcomes import NEUTRAL, Evidence, OutcomeSource
from ranker.present import collaboration_reasons, matched_content, reasons
from schemas import (
    Brief,
    MatchResponse,
    MatchResult,
    SearchHit,
    SearchQuery,
    SearchResponse,
)
from schemas.results import Excluded, SimilarResponse
from scout.errors import InvalidBrief, NotFound

QueryEncoder = Callable[[str], np.ndarray]


@dataclass(frozen=True)
class RankerSettings:
    score_all_threshold: int = 2_000
    candidates_per_retriever: int = 400
    #: Base weights (a named config); briefs may still override.
    weights: dict[str, float] | None = None
    #: Past outcomes for ``past_performance`` when a match brings none of its own
    #: (CLI / embedded: an outcomes file). None: the signal does not apply.
    outcomes: OutcomeSource | None = None
    #: Run the content search on another thread while the caller searches profiles and
    #: BM25, when no other query runs in the process (:meth:`Ranker._vector_candidates`);
    #: False always runs them one after the other.
    concurrent_retrieval: bool = True
    #: A vector retriever's depth: an HNSW search lists about as many vectors as
    #: ``candidates_per_retriever`` creators need at the median query and returns the
    #: creators owning them (exactly scored, at most that many), searching deeper only
    #: when they are fewer than this share of it. 1.0: always exactly that many, at the
    #: cost of a list sized for the worst query (see ``FaissVectorIndex.search_numbers``).
    retrieval_floor: float = 0.5

    def __post_init__(self) -> None:
        if not 0 < self.retrieval_floor <= 1:
            raise ValueError(f"retrieval_floor must be above 0 and at most 1, not "
                             f"{self.retrieval_floor}")


#: Threads for the content searches of concurrent queries (a worker's request threads
#: share them); more queries than this wait for one, then search.
RETRIEVAL_THREADS = 4
_pool: ThreadPoolExecutor | None = None
_pool_lock = threading.Lock()


class _Running:
    """How many matches and searches this process is running, over all rankers."""

    def __init__(self) -> None:
        self.count = 0
        self._lock = threading.Lock()

    @contextmanager
    def query(self) -> Iterator[None]:
        with self._lock:
            self.count += 1
        try:
            yield
        finally:
            with self._lock:
                self.count -= 1


#: A query searches content on a retrieval thread only while it runs alone in its
#: process: beside another query (a busy server's request threads) the second thread
#: adds no core, and waiting to take the GIL back from the other query after each
#: search made a saturated server slower (docs/benchmarks.md, the `retrieval` round).
RUNNING = _Running()

_R = TypeVar("_R")


def _counted(method: Callable[..., _R]) -> Callable[..., _R]:
    """Count the calls of ``method`` in :data:`RUNNING` while they run."""
    @functools.wraps(method)
    def run(*args: Any, **kwargs: Any) -> _R:
        with RUNNING.query():
            return method(*args, **kwargs)
    return run


def retrieval_pool() -> ThreadPoolExecutor:
    """The process's retrieval threads, started on first use (a forked child starts its own)."""
    global _pool
    pool = _pool
    if pool is None:
        with _pool_lock:
            if _pool is None:
                _pool = ThreadPoolExecutor(RETRIEVAL_THREADS, thread_name_prefix="scout-retrieval")
            pool = _pool
    return pool


def _forget_pool() -> None:
    """In a forked child: the parent's threads (and their queries) did not come along."""
    global _pool, _pool_lock, RUNNING
    _pool, _pool_lock, RUNNING = None, threading.Lock(), _Running()


os.register_at_fork(after_in_child=_forget_pool)


@dataclass
class Scored:
    rows: FeatureRows
    values: dict[str, np.ndarray]
    weights: dict[str, float]
    scores: np.ndarray
    order: np.ndarray
    #: Named score adjustments outside the weighted blend (``competitor``: minus the
    #: brief's penalty for a competitor's creator in penalise mode); 0 where none.
    adjustments: dict[str, np.ndarray] = dataclasses.field(default_factory=dict)
    #: ``past_performance`` evidence per creator id (empty when the signal is off).
    evidence: dict[str, Evidence] = dataclasses.field(default_factory=dict)


def _lexical_norm(raw: np.ndarray) -> np.ndarray:
    """BM25 scores over the best of them (all 0 when none matched)."""
    top = raw.max() if raw.size else 0.0
    return raw / top if top > 0 else raw


def _aligned(ids: list[str], lexical: dict[str, float]) -> np.ndarray:
    """The BM25 score of each of ``ids`` (0 where it has none)."""
    return np.fromiter(map(lexical.get, ids, repeat(0.0)), dtype=np.float64, count=len(ids))


def _numbered_union(found: IdSet, bm25: tuple[np.ndarray, np.ndarray],
                    exclude: Collection[str]) -> tuple[NumberedIds, np.ndarray]:
    """The candidates of an embedded backend: the vector searches' ``found`` and BM25's
    (numbers, scores), less ``exclude``, sorted by id and carrying their numbers (the
    stores sharing the numbering read those instead of looking the strings up), with
    their BM25 scores aligned. No id is looked up: numbers are united, and turned into
    ids once."""
    numbering = found.numbering
    b_nums, b_scores = bm25
    nums = unique_sorted(np.concatenate((found.nums, b_nums.astype(np.int64, copy=False))))
    if exclude:
        nums = nums[~np.isin(nums, numbering.lookup(exclude))]
    raw = np.zeros(nums.size)
    if nums.size and b_nums.size:
        at = np.minimum(np.searchsorted(nums, b_nums), nums.size - 1)
        hit = nums[at] == b_nums  # an excluded creator is no candidate
        raw[at[hit]] = b_scores[hit]
    table = numbering.ids
    ids = [table[n] for n in nums.tolist()]
    if numbering.in_id_order(nums):  # numbered in id order when the store opened
        return NumberedIds(ids, numbering, nums), raw
    order = sorted(range(len(ids)), key=ids.__getitem__)  # half the cost of sorting pairs
    return NumberedIds([ids[i] for i in order], numbering, nums[order]), raw[order]


def _select(docs: DocumentStore, spec: FilterSpec) -> Collection[str] | None:
    """The creators passing ``spec``: the store's own set where it has one (the embedded
    store's :meth:`select` is shared with its vector indexes), else ``filter_ids``."""
    select = getattr(docs, "select", None)
    return select(spec) if select is not None else docs.filter_ids(spec)


def best_scores(index: VectorIndex, qvec: np.ndarray, ids: list[str]) -> np.ndarray:
    """Exact best score of each id's vectors, aligned with ``ids`` (0 where it has none)."""
    fast = getattr(index, "best_scores", None)
    if fast is not None:
        return np.nan_to_num(fast(qvec, ids), nan=0.0)
    best = index.best_per_group(qvec, ids)
    return np.array([best[i].score if i in best else 0.0 for i in ids], dtype=np.float64)


def _sorted_by_number(ids: list[str]) -> bool:
    """Whether ``ids`` are NumberedIds whose numbers increase within the numbering's
    id-ordered head (then the ids increase too)."""
    if not isinstance(ids, NumberedIds):
        return False
    nums = ids.nums
    return bool(np.all(nums[1:] > nums[:-1])) and ids.numbering.in_id_order(nums)


def _by_score_then_id(scores: np.ndarray, ids: list[str]) -> np.ndarray:
    """Row order by score desc, ties by id (``ids`` are usually sorted already: numbers
    increasing in the numbering's id-ordered head say so without comparing strings)."""
    if _sorted_by_number(ids) or all(a < b for a, b in pairwise(ids)):
        rank = np.arange(len(ids))
    else:
        rank = np.empty(len(ids), dtype=np.int64)
        rank[sorted(range(len(ids)), key=ids.__getitem__)] = np.arange(len(ids))
    return np.lexsort((rank, -scores)).astype(int)


class Ranker:
    def __init__(self, backend: Backend, encode: QueryEncoder,
                 settings: RankerSettings | None = None) -> None:
        self.backend = backend
        self.encode = encode
        self.settings = settings or RankerSettings()

    # -- candidates ------------------------------------------------------------
    def _candidates(self, text: str, qvec: np.ndarray, spec: FilterSpec
                    ) -> tuple[list[str], np.ndarray, int]:
        """Candidate ids (sorted), their BM25 scores (aligned, 0 where none), and how many
        passed the filters."""
        docs = self.backend.docs
        allowed = _select(docs, spec)
        if allowed is None:
            total = docs.count()
            if spec.exclude_ids:
                total -= len(docs.features(sorted(spec.exclude_ids)).ids)
        else:
            total = len(allowed)
        if allowed is None and total <= self.settings.score_all_threshold:
            # No filter but a small index: everyone passes and few do, so score everyone too;
            # otherwise adding any filter (even brand_safety=strict) could add results.
            allowed = [i for i in docs.all_ids() if i not in spec.exclude_ids]
        if allowed is not None and len(allowed) <= self.settings.score_all_threshold:
            ids = sorted(allowed)
            return ids, _aligned(ids, dict(docs.lexical(text, spec, len(allowed)))), total
        k = self.settings.candidates_per_retriever
        groups = allowed if allowed is None or not isinstance(allowed, list) else set(allowed)
        shared = self._shared_numbering()
        vector_found = self._vector_candidates(qvec, k, groups, shared)
        # The vector search's candidates may match the words too, below the BM25 top k:
        # they get their BM25 score, or the ranking would depend on the retrievers' depth.
        # The store takes its BM25 top k first and asks for them after.
        numbered = getattr(docs, "lexical_numbers", None) if shared is not None else None
        bm25 = numbered(text, spec, k, also=vector_found) if numbered is not None else None
        if bm25 is not None:  # the vector side hands back an IdSet of the same numbering
            return (*_numbered_union(vector_found(), bm25, spec.exclude_ids), total)  # type: ignore[arg-type]
        lexical = dict(docs.lexical(text, spec, k, also=vector_found))
        vectors = vector_found()
        found = set(vectors)
        found.update(lexical)
        found -= spec.exclude_ids
        ids = sorted(found)
        return ids, _aligned(ids, lexical), total

    def _shared_numbering(self) -> Numbering | None:
        """The creator numbering the document store and both vector indexes share, when
        the indexes also search by number (the embedded backend): candidates then travel
        as numbers between them. None otherwise."""
        numbering = getattr(self.backend.docs, "numbering", None)
        if numbering is not None and all(
                getattr(index, "numbering", None) is numbering
                and hasattr(index, "search_numbers")
                for index in (self.backend.profiles, self.backend.content)):
            return numbering  # type: ignore[no-any-return]
        return None

    def _vector_candidates(self, qvec: np.ndarray, k: int, groups: Collection[str] | None,
                           numbering: Numbering | None) -> Callable[[], Collection[str]]:
        """Who the profile and content searches find (``k`` each, within ``groups``), as a
        callable returning them; by number where the stores share ``numbering``
        (:meth:`_shared_numbering`).

        With ``concurrent_retrieval`` and no other query running in this process
        (:data:`RUNNING`), the content search (the larger space: ~7 posts a creator)
        runs on a :func:`retrieval_pool` thread while this one runs the profile search
        and returns; the callable waits for it. FAISS and the OpenSearch client let
        go of the GIL while they search, so the caller's BM25 pass overlaps the content
        search. Indexes numbering creators like the document store (the embedded backend)
        hand back numbers, and the union stays an :class:`IdSet` the store reads as numbers.
        """
        profiles, content = self.backend.profiles, self.backend.content
        search: Callable[[VectorIndex], object]
        if numbering is not None:
            at_least = max(1, min(k, math.ceil(k * self.settings.retrieval_floor)))

            def search(index: VectorIndex) -> object:
                return index.search_numbers(  # type: ignore[attr-defined]
                    qvec, k, groups, at_least=at_least)

            def union(a: object, b: object) -> Collection[str]:
                return IdSet(numbering, unique_sorted(np.concatenate((a, b))))  # type: ignore[arg-type]
        else:
            def search(index: VectorIndex) -> object:
                return {h.group for h in index.search(qvec, k, groups)}

            def union(a: object, b: object) -> Collection[str]:
                return a | b  # type: ignore[operator]
        if not self.settings.concurrent_retrieval or RUNNING.count > 1:
            both = union(search(profiles), search(content))
            return lambda: both
        # The content index remembers each group's best per query and thread: the
        # retrieval thread borrows this thread's memo, so the exact scoring of the
        # candidates here (``_score``) reuses what the graph search's re-scoring found.
        handle = getattr(content, "memo_handle", None)
        memo = handle() if handle is not None else None

        def search_content() -> object:
            if memo is None:
                return search(content)
            with content.lent_memo(memo):  # type: ignore[attr-defined]
                return search(content)

        pending = retrieval_pool().submit(search_content)
        first = search(profiles)
        done: list[Collection[str]] = []

        def found() -> Collection[str]:
            if not done:
                done.append(union(first, pending.result()))
            return done[0]
        return found

    def _score(self, brief: Brief, ids: list[str], lexical: np.ndarray,
               qvec: np.ndarray, now_ts: float, outcomes: OutcomeSource | None = None
               ) -> Scored:
        rows = self.backend.docs.features(ids)
        if len(rows.ids) != len(ids):  # some were deleted since they were found
            lexical = _aligned(rows.ids, dict(zip(ids, lexical.tolist(), strict=True)))
        ids = rows.ids
        source = outcomes if outcomes is not None else self.settings.outcomes
        applicable = sig.applicable_signals(brief, outcomes=source is not None)
        weights = sig.resolve_weights(brief, applicable, self.settings.weights)
        evidence: dict[str, Evidence] = {}
        if "past_performance" in weights and source is not None:
            evidence = source.past_performance(ids)
        psim = best_scores(self.backend.profiles, qvec, ids)
        csim = best_scores(self.backend.content, qvec, ids)
        computed: dict[str, Callable[[], np.ndarray]] = {
            "content_similarity": lambda: sig.similarity_signal(csim),
            "profile_similarity": lambda: sig.similarity_signal(psim),
            "lexical": lambda: _lexical_norm(lexical),
            "audience_fit": lambda: sig.audience_fit(brief, rows.audience),
            "engagement": lambda: sig.engagement_signal(rows),
            "performance": lambda: sig.performance_signal(rows),
            "cost_efficiency": lambda: sig.cost_signal(brief, rows),
            "brand_safety": lambda: sig.brand_safety_signal(rows),
            "recency": lambda: sig.recency_signal(rows, now_ts),
            "category_experience": lambda: self._holders(ids, CollabRule(
                categories=tuple(brief.experience_categories()),
                since_ts=now_ts - sig.EXPERIENCE_DAYS * 86_400.0)),
            "credibility": lambda: sig.credibility_signal(rows),
            "growth": lambda: sig.growth_signal(rows),
            "past_performance": lambda: np.array(
                [evidence.get(i, NEUTRAL).score for i in ids], dtype=np.float64),
        }
        values = {name: np.round(computed[name](), 6) for name in weights}
        scores = np.zeros(len(ids))
        for name, weight in weights.items():
            scores += np.round(weight * values[name], 6)
        adjustments: dict[str, np.ndarray] = {}
        rivals = brief.competitors
        if rivals is not None and rivals.mode == "penalise" and rivals.penalty > 0:
            hit = self._holders(ids, competitor_rule(rivals, now_ts))
            adjustments["competitor"] = np.round(-rivals.penalty * hit, 6)
            scores += adjustments["competitor"]
        scores = np.round(scores, 6)
        return Scored(rows, values, weights, scores, _by_score_then_id(scores, ids),
                      adjustments, evidence)

    def _holders(self, ids: list[str], rule: CollabRule) -> np.ndarray:
        """1.0 for each of ``ids`` with a collaboration matching ``rule``, else 0.0."""
        found = set(self.backend.docs.filter_ids(FilterSpec(with_collabs=rule)) or ())
        return np.fromiter((cid in found for cid in ids), dtype=np.float64, count=len(ids))

    def competitor_exclusions(self, brief: Brief, spec: FilterSpec) -> Excluded | None:
        """How many creators passing the brief's other filters its competitor rule drops,
        by rule: ``competitor:<brand key>`` or ``competitor-category:<category>`` (each
        creator counted once, under the first rule it matches)."""
        rule = spec.without_collabs
        if rule is None:
            return None
        base = dataclasses.replace(spec, without_collabs=None)
        seen: set[str] = set()
        by_rule: dict[str, int] = {}
        parts = ([(f"competitor:{b}", CollabRule(brands=(b,), since_ts=rule.since_ts))
                  for b in rule.brands]
                 + [(f"competitor-category:{c}", CollabRule(categories=(c,),
                                                            since_ts=rule.since_ts))
                    for c in rule.categories])
        for label, part in parts:
            found = self.backend.docs.filter_ids(dataclasses.replace(base, with_collabs=part))
            fresh = [cid for cid in found or () if cid not in seen]
            seen.update(fresh)
            if fresh:
                by_rule[label] = len(fresh)
        return Excluded(total=len(seen), by_rule=dict(sorted(by_rule.items())))

    # -- match -----------------------------------------------------------------
    @_counted
    def match(self, brief: Brief, *, now: float | None = None,
              extra_exclude: frozenset[str] = frozenset(),
              outcomes: OutcomeSource | None = None) -> MatchResponse:
        """Rank for ``brief``. ``outcomes`` (the caller's recorded feedback) feeds the
        ``past_performance`` signal, in place of the settings' source."""
        started = time.perf_counter()
        unknown = set(brief.weights) - set(sig.SIGNAL_NAMES)
        if unknown:
            name = sorted(unknown)[0]
            raise InvalidBrief(f"unknown signal {name!r}; signals are "
                               f"{', '.join(sig.SIGNAL_NAMES)}", field=f"weights.{name}")
        offset = decode_cursor(brief, brief.cursor)
        now_ts = time.time() if now is None else now
        spec = compile_filters(brief, extra_exclude=extra_exclude, now=now_ts)
        qvec = self.encode(brief.text)
        ids, lexical, total = self._candidates(brief.text, qvec, spec)
        scored = self._score(brief, ids, lexical, qvec, now_ts, outcomes)
        ranked = diversify(self.backend, scored.rows.ids, scored.scores, scored.order,
                           scored.rows.audience, brief.diversity)
        page = ranked.order[offset:offset + brief.limit]
        page_ids = [scored.rows.ids[i] for i in page]
        cards = self.backend.docs.cards(page_ids)
        content_scores = self.backend.content.scores_per_group(qvec, page_ids)
        words = tokens(brief.text)
        # the page's signal values and weighted parts, a column at a time
        page_values = {n: v[page].tolist() for n, v in scored.values.items()}
        page_parts = {n: np.round(w * scored.values[n][page], 6).tolist()
                      for n, w in scored.weights.items()}
        results: list[MatchResult] = []
        for row, i in enumerate(page.tolist()):
            cid = scored.rows.ids[i]
            card = cards[cid]
            values = {n: v[row] for n, v in page_values.items()}
            breakdown = {n: round(v[row], 6) for n, v in page_parts.items()}
            for name, adjust in scored.adjustments.items():
                if adjust[i]:
                    breakdown[name] = float(adjust[i])
            shown = card.summary(now_ts)
            matched = matched_content(card.content, content_scores.get(cid, []), words)
            why = reasons(brief, shown, values, breakdown, matched,
                          evidence=scored.evidence.get(cid), now_ts=now_ts)
            why += collaboration_reasons(brief, card.collaborations, breakdown, values, now_ts)
            results.append(MatchResult(
                creator_id=cid, score=round(sum(breakdown.values()), 6), breakdown=breakdown,
                signals=values, reasons=why,
                matched_content=matched, creator=shown, **note(ranked, i, scored.rows.ids),
            ))
        end = offset + len(page)
        return MatchResponse(
            results=results,
            next_cursor=encode_cursor(brief, end) if end < len(scored.order) else None,
            total=total,
            weights={n: round(w, 6) for n, w in scored.weights.items()},
            took_ms=round((time.perf_counter() - started) * 1000, 2),
            proposed_set=propose_set(brief, scored.rows, scored.scores, scored.order),
            excluded=self.competitor_exclusions(brief, spec),
        )

    # -- search ----------------------------------------------------------------
    @_counted
    def search(self, query: SearchQuery, *,
               extra_exclude: frozenset[str] = frozenset()) -> SearchResponse:
        started = time.perf_counter()
        offset = decode_cursor(query, query.cursor)
        spec = compile_filters(query, extra_exclude=extra_exclude)
        docs = self.backend.docs
        content_scores: dict[str, list[tuple[str, float]]] = {}
        words = tokens(query.q)
        if query.q.strip():
            qvec = self.encode(query.q)
            ids, lexical, _ = self._candidates(query.q, qvec, spec)
            lex = _lexical_norm(lexical)
            sem = np.maximum(best_scores(self.backend.profiles, qvec, ids),
                             best_scores(self.backend.content, qvec, ids))
            score = np.round(0.5 * lex + 0.5 * sig.similarity_signal(sem), 6)
            matched = np.flatnonzero((score > 0) | (lex > 0))
            found: list[str] = [ids[n] for n in matched.tolist()]
            if isinstance(ids, NumberedIds):  # the stores read the numbers, not the ids
                found = NumberedIds(found, ids.numbering, ids.nums[matched])
            kept = score[matched]
            keep = [(float(kept[i]), found[i])
                    for i in _by_score_then_id(kept, found).tolist()]
            if query.sort != "relevance":
                # The text still decides who matches; the sort only orders the matches.
                keep = self._by_stat(keep, query.sort)
            total = len(keep)
            page = keep[offset:offset + query.limit]
            page_ids = [cid for _, cid in page]
            page_scores = [s for s, _ in page]
            facets = self._facets_of(found, query.facets)  # a set: any order counts it
            content_scores = self.backend.content.scores_per_group(qvec, page_ids)
        else:
            page_ids, total = docs.browse(spec, query.sort, offset, query.limit)
            page_scores = [0.0] * len(page_ids)
            facets = docs.facets(spec, query.facets)
        cards = docs.cards(page_ids)
        now_ts = time.time()
        hits = [
            SearchHit(creator_id=cid, score=score, creator=cards[cid].summary(now_ts),
                      matched_content=matched_content(cards[cid].content,
                                                      content_scores.get(cid, []), words))
            for cid, score in zip(page_ids, page_scores, strict=True) if cid in cards
        ]
        end = offset + len(page_ids)
        return SearchResponse(
            results=hits, facets=facets, total=total,
            next_cursor=encode_cursor(query, end) if end < total else None,
            took_ms=round((time.perf_counter() - started) * 1000, 2),
        )

    def _by_stat(self, keep: list[tuple[float, str]], sort: str) -> list[tuple[float, str]]:
        """Hits ordered like ``browse``: by a stats field, desc, unknown last, ties by id."""
        rows = self.backend.docs.features([cid for _, cid in keep])
        column = {"followers": rows.followers, "engagement": rows.engagement_rate,
                  "avg_views": rows.avg_views}[sort]
        value = dict(zip(rows.ids, column.tolist(), strict=True))

        def key(hit: tuple[float, str]) -> tuple[bool, float, str]:
            v = value.get(hit[1], math.nan)
            return (math.isnan(v), 0.0 if math.isnan(v) else -v, hit[1])

        return sorted(keep, key=key)

    def _facets_of(self, ids: list[str], fields: list[str]) -> dict[str, dict[str, int]]:
        fast = getattr(self.backend.docs, "facets_of", None)
        if fast is not None:  # the embedded store counts from its columns
            return fast(ids, fields)  # type: ignore[no-any-return]
        return facets_from_records(self.backend.docs, ids, fields)

    # -- lookalikes -------------------------------------------------------------
    def similar(self, creator_id: str, limit: int = 20, *,
                extra_exclude: frozenset[str] = frozenset()) -> SimilarResponse:
        """Creators like ``creator_id``: content, profile and audience resemblance.

        ``extra_exclude`` (a tenant's blocklist) never appears among the lookalikes.
        """
        started = time.perf_counter()
        found = self.backend.docs.get([creator_id])
        if creator_id not in found:
            raise NotFound(f"no creator with id {creator_id!r}", field="creator_id")
        seed = found[creator_id]
        parts = [*self.backend.profiles.vectors(creator_id).values(),
                 *self.backend.content.vectors(creator_id).values()]
        if not parts:
            return SimilarResponse(creator_id=creator_id, results=[],
                                   took_ms=round((time.perf_counter() - started) * 1000, 2))
        qvec = np.mean(np.vstack(parts), axis=0)
        qvec = (qvec / (np.linalg.norm(qvec) or 1.0)).astype(np.float32)
        k = max(limit * 5, 50)
        ids: set[str] = set()
        for index in (self.backend.profiles, self.backend.content):
            ids.update(h.group for h in index.search(qvec, k + 1))
        ids.discard(creator_id)
        ids -= extra_exclude
        ordered = sorted(ids)
        profile = self.backend.profiles.best_per_group(qvec, ordered)
        content = self.backend.content.best_per_group(qvec, ordered)
        rows = self.backend.docs.features(ordered)
        seed_aud = seed.audience.model_dump() if seed.audience else None
        scored = []
        for n, cid in enumerate(rows.ids):
            overlap = audience_similarity(seed_aud, rows.audience[n])
            p = profile[cid].score if cid in profile else 0.0
            c = content[cid].score if cid in content else 0.0
            scored.append((round(0.45 * c + 0.35 * p + 0.2 * overlap, 6), cid))
        scored.sort(key=lambda t: (-t[0], t[1]))
        top = scored[:limit]
        cards = self.backend.docs.cards([cid for _, cid in top])
        now_ts = time.time()
        return SimilarResponse(
            creator_id=creator_id,
            results=[SearchHit(creator_id=cid, score=s, creator=cards[cid].summary(now_ts))
                     for s, cid in top if cid in cards],
            took_ms=round((time.perf_counter() - started) * 1000, 2),
        )


def audience_similarity(a: dict[str, dict[str, float]] | None,
                        b: dict[str, dict[str, float]] | None) -> float:
    """Mean over dimensions of the shared share (sum of minimums), in [0, 1]."""
    if not a or not b:
        return 0.0
    parts = []
    for dim in ("countries", "age", "gender"):
        x, y = a.get(dim) or {}, b.get(dim) or {}
        if x and y:
            parts.append(sum(min(x[k], y[k]) for k in x.keys() & y.keys()))
    return float(np.mean(parts)) if parts else 0.0
