"""OpenSearch backend: the document store, and optionally the vector index, on a cluster.

Combinations (``document_store`` / ``vector_index`` in :class:`~scout.config.Config`):

* ``opensearch`` / ``faiss`` -- records, filters, facets and BM25 in OpenSearch; vectors
  in FAISS on this machine (``DATA_DIR/vectors.db`` + snapshots), the default.
* ``opensearch`` / ``opensearch`` -- vectors too, as ``knn_vector`` fields (Lucene HNSW).
* ``sqlite`` / ``opensearch`` -- the embedded document store with k-NN vectors.

Indices are versioned behind aliases: reads and writes use the alias
``<prefix>-creators`` (``<prefix>-vectors-profile``, ``<prefix>-vectors-content``), which
points at one physical index ``<alias>-v<N>``. :meth:`OpenSearchBackend.rebuild` writes a
fresh ``v<N+1>`` and swaps every alias in one ``_aliases`` call, so searches see either
the old index or the complete new one, never a half-built one.

Writes: OpenSearch has no transactions. Inside :meth:`OpenSearchBackend.transaction`
every write is staged in memory and sent in one ``streaming_bulk`` run when the block
exits normally; an exception inside the block discards the staged writes, so nothing
reaches the cluster. What cannot be undone is a bulk run that fails half way (the node
dies mid-run, or some documents are rejected): the documents already written stay, and
the error (:class:`WriteFailed` or :class:`~scout.errors.BackendUnavailable`) names what
failed. Upserts are idempotent, so re-running the same write repairs it. When vectors
live in FAISS, their SQLite transaction commits only after the bulk run succeeded.

Reads inside a transaction do not see the writes staged in it.
"""

from __future__ import annotations

import logging
import math
import re
import shutil
import ssl
import threading
import time
from collections.abc import Callable, Collection, Hashable, Iterator, Sequence
from contextlib import ExitStack, contextmanager, suppress
from dataclasses import dataclass
from pathlib import Path
from typing import Any, NamedTuple, Protocol, TypeVar
from urllib.parse import urlsplit, urlunsplit

import numpy as np

try:
    from opensearchpy import OpenSearch, helpers
    from opensearchpy.exceptions import (
        AuthenticationException,
        AuthorizationException,
        NotFoundError,
        TransportError,
    )
    from opensearchpy.exceptions import ConnectionError as ClientConnectionError
except ImportError as exc:  # pragma: no cover - depends on the environment
    from scout.errors import MissingDependency

    raise MissingDependency("opensearch-py", "opensearch") from exc

from indexer.card import Card, card_json, card_of, read_cards
from indexer.stores.base import (
    DERIVED_STATS,
    Also,
    CollabRule,
    DocumentStore,
    FeatureRows,
    FilterSpec,
    IndexedCreator,
    SortField,
    VectorHit,
    VectorIndex,
    chunks,
    resolve_also,
)
from indexer.stores.embedded import replace_vectors, staging_dir
from indexer.stores.faiss_index import FaissVectorIndex
from indexer.stores.sqlite import SqliteDocumentStore
from indexer.stores.sqlite_db import Database
from indexer.text import tokens
from ranker.credibility import credibility
from schemas import Creator
from schemas.creator import STORED
from scout.config import Config
from scout.errors import (  # WriteFailed, FailedWrite, OpenSearchError: re-exported
    BackendUnavailable,
    ConfigError,
    FailedWrite,
    InvalidQuery,
    OpenSearchError,
    WriteFailed,
)

log = logging.getLogger(__name__)

Json = dict[str, Any]
T = TypeVar("T")

#: Largest page a search may ask for (``index.max_result_window`` and the k-NN ``k`` cap).
MAX_WINDOW = 10_000
#: Most values in one ``terms`` query; larger sets are split or post-filtered.
MAX_TERMS = 10_000
#: Most query tokens used for BM25, as in the embedded store.
MAX_QUERY_TERMS = 32

_VERSION = re.compile(r"^(?P<alias>.+)-v(?P<n>\d+)$")
_SORT_FIELD: dict[str, str] = {
    "followers": "followers", "engagement": "engagement_rate", "avg_views": "avg_views",
    "relevance": "followers",
}
_FACET_FIELD: dict[str, str] = {
    "category": "categories", "country": "country", "language": "languages", "tier": "tier",
    "platform": "platform",
}
_FEATURE_FIELDS = ("followers", "avg_views", "engagement_rate", "estimated_cost_eur",
                   "last_posted_ts", "flag_count", "tier", "audience", *DERIVED_STATS)
#: Sums the audience shares of the listed keys; a creator with none of them fails.
_AUDIENCE_SCRIPT = (
    "double s = 0; boolean any = false; "
    "for (String f : params.fields) { "
    "  if (doc.containsKey(f) && !doc[f].empty) { s += doc[f].value; any = true; } } "
    "return any && s >= params.share;"
)


# -- the client ------------------------------------------------------------------------


def _public_url(url: str) -> str:
    """``url`` without credentials, for messages and logs."""
    parts = urlsplit(url)
    host = parts.hostname or ""
    if parts.port:
        host = f"{host}:{parts.port}"
    return urlunsplit((parts.scheme, host, parts.path, "", ""))


def _hosts(url: str) -> list[str]:
    hosts = [u.strip() for u in url.split(",") if u.strip()]
    if not hosts:
        raise ConfigError("opensearch_url is empty", field="opensearch_url")
    return hosts


def make_client(config: Config) -> OpenSearch:
    """A client for ``config.opensearch_url`` (comma-separated for several nodes)."""
    hosts = _hosts(config.opensearch_url)
    kwargs: dict[str, Any] = {
        "timeout": config.opensearch_timeout_s,
        "max_retries": 2,
        "retry_on_timeout": True,
        "retry_on_status": (502, 503, 504),
        "http_compress": True,
    }
    if config.opensearch_user is not None:
        kwargs["http_auth"] = (config.opensearch_user, config.opensearch_password or "")
    if any(h.startswith("https://") for h in hosts):
        # Our own context: no per-connection warnings, and the CA/verify settings apply.
        context = ssl.create_default_context(cafile=config.opensearch_ca_certs)
        if not config.opensearch_verify_certs:
            context.check_hostname = False
            context.verify_mode = ssl.CERT_NONE
        kwargs["ssl_context"] = context
    return OpenSearch(hosts, **kwargs)


class _Writer(Protocol):
    """A store that stages writes until :meth:`Cluster.batch` commits."""

    def take_actions(self) -> list[Json]: ...

    def discard(self) -> None: ...


class Cluster:
    """The client, error translation, and the batch that turns staged writes into bulk runs.

    Every call goes through :meth:`call`, which turns connection errors, timeouts and
    5xx/429 answers into :class:`BackendUnavailable`. Nothing about a failure is cached:
    the next call tries the cluster again, so Scout recovers when the cluster is back.
    """

    #: ``streaming_bulk`` settings: documents and bytes per request, 429 retries.
    chunk_size = 500
    max_chunk_bytes = 10 * 1024 * 1024
    max_retries = 3
    initial_backoff = 1
    #: Extra rounds for documents refused with a 5xx status, with this first pause (s).
    retry_rounds = 2
    retry_pause_s = 0.5
    #: Largest page a search asks for (:data:`MAX_WINDOW`) and most values in one
    #: ``terms`` query (:data:`MAX_TERMS`): larger reads page with ``search_after``,
    #: larger sets are split or post-filtered.
    max_window = MAX_WINDOW
    max_terms = MAX_TERMS

    def __init__(self, config: Config, client: OpenSearch | None = None) -> None:
        self.config = config
        self.url = ", ".join(_public_url(h) for h in _hosts(config.opensearch_url))
        self.client = client or make_client(config)
        self.writers: list[_Writer] = []
        self.indices: list[VersionedIndex] = []
        self._lock = threading.RLock()
        self._depth = 0
        self._down = False
        self._state_lock = threading.Lock()

    # -- errors ------------------------------------------------------------------------
    def call(self, what: str, fn: Callable[..., T], /, *args: Any, **kwargs: Any) -> T:
        """``fn(*args, **kwargs)`` with OpenSearch failures translated to Scout errors."""
        result = self.answer(what, fn, *args, **kwargs)
        self.healthy()
        return result

    def answer(self, what: str, fn: Callable[..., T], /, *args: Any, **kwargs: Any) -> T:
        """Like :meth:`call`, but an answer does not end an outage: for a caller that
        still has to judge the answer (a red cluster is unavailable too)."""
        try:
            result = fn(*args, **kwargs)
        except ClientConnectionError as exc:  # refused, reset, timed out, TLS
            raise self.unavailable(what, f"cannot connect ({exc.error})", hint=True) from exc
        except (AuthenticationException, AuthorizationException) as exc:
            raise ConfigError(
                f"OpenSearch at {self.url} refused the credentials while {what} "
                f"({exc.status_code}); check SCOUT_OPENSEARCH_USER / SCOUT_OPENSEARCH_PASSWORD",
                field="opensearch_user") from exc
        except NotFoundError as exc:
            if "index_not_found" not in _reason(exc):
                raise OpenSearchError(f"OpenSearch refused a request while {what}: "
                                      f"HTTP 404: {_reason(exc)}") from exc
            for index in self.indices:  # deleted behind our back: recreate on next use
                index.forget()
            raise self.unavailable(what, f"{_reason(exc)}; it will be recreated empty "
                                         "on the next request (re-index to fill it)") from exc
        except TransportError as exc:
            status = exc.status_code if isinstance(exc.status_code, int) else 500
            if status == 429 or status >= 500:
                raise self.unavailable(what, f"HTTP {status}: {_reason(exc)}") from exc
            raise OpenSearchError(f"OpenSearch refused a request while {what}: "
                                  f"HTTP {status}: {_reason(exc)}") from exc
        return result

    def healthy(self) -> None:
        """The cluster answered as it should: an outage, if any, is over."""
        if self._down:
            self._mark(down=False)

    def _mark(self, *, down: bool, why: str = "") -> None:
        """Record a healthy/down transition; each one is logged once, as a warning, however
        many requests (and threads) meet it."""
        with self._state_lock:
            if self._down == down:
                return
            self._down = down
        if down:
            log.warning("OpenSearch at %s is unavailable: %s; requests get 503 until it is "
                        "back", self.url, why)
        else:
            log.warning("OpenSearch at %s answers again; the outage is over", self.url)

    def unavailable(self, what: str, why: str, *, hint: bool = False) -> BackendUnavailable:
        """A :class:`BackendUnavailable` to raise; the first one of an outage is logged."""
        if not self._down:
            self._mark(down=True, why=f"{why} (while {what})")
        how = (" Start it (make opensearch-up) or point SCOUT_OPENSEARCH_URL at a running "
               "cluster." if hint else "")
        return BackendUnavailable(f"OpenSearch at {self.url} is unavailable while {what}: "
                                  f"{why}.{how}")

    # -- reads -------------------------------------------------------------------------
    def search(self, what: str, index: str, body: Json, **params: Any) -> Json:
        result: Json = self.call(what, self.client.search, index=index, body=body, **params)
        return result

    def iter_sorted(self, what: str, index: str, body: Json, sort: list[Any],
                    limit: int | None = None, skip: int = 0) -> Iterator[Json]:
        """Hits of ``body`` in ``sort`` order (which must end in a unique field), paged
        with ``search_after``; ``skip`` hits are passed over, at most ``limit`` yielded."""
        after: list[Any] | None = None
        left = math.inf if limit is None else limit
        while left > 0:
            size = int(min(self.max_window, left + skip))
            page = {**body, "sort": sort, "size": size, "track_total_hits": False}
            if after is not None:
                page["search_after"] = after
            hits = self.search(what, index, page)["hits"]["hits"]
            for hit in hits[skip:]:
                if left <= 0:
                    return
                yield hit
                left -= 1
            skip = max(0, skip - len(hits))
            if len(hits) < size:
                return
            after = hits[-1]["sort"]

    # -- writes ------------------------------------------------------------------------
    @contextmanager
    def batch(self) -> Iterator[None]:
        """Stage writes; send them in one bulk run when the outermost batch exits."""
        with self._lock:
            self._depth += 1
            try:
                yield
            except BaseException:
                self._depth -= 1
                if not self._depth:
                    for writer in self.writers:
                        writer.discard()
                raise
            self._depth -= 1
            if not self._depth:
                self._commit()

    def _commit(self) -> None:
        try:
            actions = [a for writer in self.writers for a in writer.take_actions()]
        finally:
            for writer in self.writers:
                writer.discard()
        if not actions:
            return
        targets = ",".join(sorted({a["_index"] for a in actions}))
        try:
            self.bulk(actions)
        except WriteFailed:
            self.call("refreshing", self.client.indices.refresh, index=targets)
            raise
        # Searchable at once, whatever the refresh interval.
        self.call("refreshing", self.client.indices.refresh, index=targets)

    def bulk(self, actions: list[Json]) -> None:
        """Run ``actions`` with ``streaming_bulk``; raise :class:`WriteFailed` listing
        every document still refused after the retries (deleting a missing one is fine).

        ``streaming_bulk`` retries documents refused with 429; documents refused with a
        5xx status get :attr:`retry_rounds` more tries with a growing pause.
        """
        todo = actions
        failed: list[FailedWrite] = []
        for attempt in range(self.retry_rounds + 1):
            if attempt:
                time.sleep(self.retry_pause_s * 2 ** (attempt - 1))
            by_key = {(_base(a["_index"]), a["_id"], a["_op_type"]): a for a in todo}
            results = self.call("writing", self._stream, todo)
            retry: list[Json] = []
            for ok, item in results:
                if ok:
                    continue
                op, info = next(iter(item.items()))
                status = int(info.get("status", 500))
                if op == "delete" and status == 404:
                    continue
                key = (_base(str(info.get("_index", ""))), str(info.get("_id")), op)
                transient = status == 429 or status >= 500
                if transient and key in by_key and attempt < self.retry_rounds:
                    retry.append(by_key[key])
                else:
                    failed.append(FailedWrite(*key, status, _item_reason(info.get("error"))))
            if not retry:
                break
            todo = retry
        if failed:
            raise WriteFailed(failed, len(actions))

    def _stream(self, actions: list[Json]) -> list[tuple[bool, Json]]:
        return list(helpers.streaming_bulk(
            self.client, actions, chunk_size=self.chunk_size,
            max_chunk_bytes=self.max_chunk_bytes, max_retries=self.max_retries,
            initial_backoff=self.initial_backoff, raise_on_error=False,
            request_timeout=max(60.0, 6 * self.config.opensearch_timeout_s)))

    def close(self) -> None:
        self.client.close()


def _reason(exc: TransportError) -> str:
    info = exc.info
    if isinstance(info, dict):
        error = info.get("error")
        if isinstance(error, dict):
            root = (error.get("root_cause") or [error])[0]
            return f"{root.get('type')}: {root.get('reason')}"
        if error:
            return str(error)
    return str(exc.error)


def _item_reason(error: Any) -> str:
    if isinstance(error, dict):
        return f"{error.get('type')}: {error.get('reason')}"
    return str(error)


def _base(index: str) -> str:
    """The alias a physical ``<alias>-v<N>`` index belongs to (an alias stays itself)."""
    match = _VERSION.match(index)
    return match.group("alias") if match else index


# -- versioned indices --------------------------------------------------------------------


@dataclass(frozen=True)
class IndexSettings:
    shards: int
    replicas: int
    refresh_interval: str

    @classmethod
    def of(cls, config: Config) -> IndexSettings:
        return cls(config.opensearch_shards, config.opensearch_replicas,
                   config.opensearch_refresh_interval)

    def body(self) -> Json:
        return {"number_of_shards": self.shards, "number_of_replicas": self.replicas,
                "refresh_interval": self.refresh_interval}


class VersionedIndex:
    """An alias and the physical ``<alias>-v<N>`` index behind it, created on first use."""

    def __init__(self, cluster: Cluster, alias: str, body: Callable[[], Json],
                 check: Callable[[str, Json], None] | None = None) -> None:
        self.cluster = cluster
        self.alias = alias
        self.body = body
        self.check = check
        #: The new index a rebuild writes to, until :meth:`finish`.
        self.building: str | None = None
        self._ready = False
        cluster.indices.append(self)

    def forget(self) -> None:
        """Check (and create) the index again on next use."""
        self._ready = False

    @property
    def write_target(self) -> str:
        return self.building or self.alias

    def versions(self) -> dict[str, bool]:
        """Physical versions of this alias and whether the alias points at each."""
        found: Json = self.cluster.call(
            f"listing {self.alias} indices", self.cluster.client.indices.get_alias,
            index=f"{self.alias}-v*")
        out: dict[str, bool] = {}
        for name, info in found.items():
            match = _VERSION.match(name)
            if match and match.group("alias") == self.alias:
                out[name] = self.alias in info.get("aliases", {})
        return out

    def _next_name(self, versions: Collection[str]) -> str:
        top = max((int(m.group("n")) for v in versions if (m := _VERSION.match(v))), default=0)
        return f"{self.alias}-v{top + 1}"

    def _create(self, name: str, *, aliased: bool = False) -> None:
        body = self.body()
        if aliased:  # the index and its alias appear together
            body["aliases"] = {self.alias: {}}
        try:
            self.cluster.call(f"creating index {name}", self.cluster.client.indices.create,
                              index=name, body=body)
        except OpenSearchError as exc:
            if "resource_already_exists_exception" not in exc.message:
                raise

    def ensure(self) -> None:
        """Create ``<alias>-v1`` and the alias if absent; check an existing mapping."""
        if self._ready:
            return
        versions = self.versions()
        current = [name for name, live in versions.items() if live]
        if not current:
            name = self._next_name(versions)
            self._create(name, aliased=True)
            current = [name]
        if self.check is not None:
            mapping: Json = self.cluster.call(
                f"reading the mapping of {self.alias}", self.cluster.client.indices.get_mapping,
                index=current[0])
            self.check(current[0], mapping[current[0]]["mappings"])
        self._ready = True

    def begin(self) -> str:
        self.ensure()
        self.building = self._next_name(self.versions())
        self._create(self.building)
        return self.building

    def swap_actions(self) -> list[Json]:
        if self.building is None:
            raise RuntimeError(f"no rebuild of {self.alias} in progress")
        live = [name for name, on in self.versions().items() if on]
        return ([{"remove": {"index": name, "alias": self.alias}} for name in live]
                + [{"add": {"index": self.building, "alias": self.alias}}])

    def finish(self) -> None:
        """Delete every version but the one the alias now points at."""
        self.building = None
        stale = [name for name, live in self.versions().items() if not live]
        if stale:
            self.cluster.call(f"deleting old {self.alias} indices",
                              self.cluster.client.indices.delete, index=",".join(stale))

    def abort(self) -> None:
        building, self.building = self.building, None
        if building:
            self.cluster.call(f"deleting unfinished index {building}",
                              self.cluster.client.indices.delete, index=building,
                              ignore_unavailable=True)


# -- the document store ------------------------------------------------------------------


def _text_analysis() -> Json:
    # Close to SQLite FTS5's "porter unicode61 remove_diacritics 2": a token is a run of
    # letters, digits and marks, so "@anna.vegan" is "anna" + "vegan" in both stores (the
    # standard tokenizer would keep one token); no stopwords (the query side drops them);
    # case and diacritics folded; Porter stemming.
    return {
        "tokenizer": {"scout_words": {"type": "pattern",
                                      "pattern": "[^\\p{L}\\p{N}\\p{M}\\p{Co}]+"}},
        "analyzer": {"scout_text": {"type": "custom", "tokenizer": "scout_words",
                                    "filter": ["lowercase", "asciifolding", "porter_stem"]}},
    }


#: Fields added after v1 indexes existed (put into an older index's mapping on open; its
#: documents get them when reindexed).
_ADDED_PROPERTIES: Json = {
    "updated_ts": {"type": "double"}, "confidence_rank": {"type": "integer"},
    "collabs": {"type": "nested", "properties": {
        "brand": {"type": "keyword"}, "category": {"type": "keyword"},
        "ts": {"type": "double"}}},
    **{name: {"type": "double"} for name in DERIVED_STATS},
    # What results show of the record (indexer/card.py), read by pages instead of ``doc``.
    "card": {"type": "text", "index": False},
}


def creators_body(settings: IndexSettings) -> Json:
    """Settings and explicit mapping of a ``<prefix>-creators-v<N>`` index."""
    keyword = {"type": "keyword"}
    text = {"type": "text", "analyzer": "scout_text"}
    return {
        "settings": {"index": {**settings.body(), "mapping.total_fields.limit": 2000},
                     "analysis": _text_analysis()},
        "mappings": {
            "dynamic": "strict",
            # Audience shares: aud.<dimension>.<encoded key> -> double, one field per key.
            "dynamic_templates": [{"audience_shares": {
                "path_match": "aud.*.*", "mapping": {"type": "double"}}}],
            "properties": {
                "id": keyword, "platform": keyword, "country": keyword, "tier": keyword,
                "languages": keyword, "categories": keyword,
                "followers": {"type": "long"}, "avg_views": {"type": "double"},
                "engagement_rate": {"type": "double"},
                "estimated_cost_eur": {"type": "double"},
                "last_posted_ts": {"type": "double"}, "flag_count": {"type": "integer"},
                **_ADDED_PROPERTIES,
                # BM25 text: [profile, profile, content] -- see creator_source().
                "text": text,
                "aud": {"type": "object", "dynamic": True, "properties": {
                    "countries": {"type": "object"}, "age": {"type": "object"},
                    "gender": {"type": "object"}}},
                "audience": {"type": "object", "enabled": False},
                "doc": {"type": "text", "index": False},
            },
        },
    }


def _share_key(key: str) -> str:
    """An audience key as a field name: anything but ASCII letters, digits, ``-`` and
    ``+`` becomes ``%XXXX`` (a dot would otherwise nest objects); one to one."""
    safe = "".join(ch if ch.isascii() and (ch.isalnum() or ch in "-+") else f"%{ord(ch):04x}"
                   for ch in key)
    return safe or "%"


def share_field(dim: str, key: str) -> str:
    """The field holding the audience share of ``key`` in ``dim``: ``aud.age.18-24``."""
    return f"aud.{dim}.{_share_key(key)}"


def creator_source(item: IndexedCreator) -> Json:
    """The OpenSearch document of one creator."""
    creator, feats = item.creator, item.features
    profile = creator.profile_text()
    aud: Json = {}
    audience: Json | None = None
    if creator.audience:
        audience = creator.audience.model_dump()
        for dim in ("countries", "age", "gender"):
            shares = getattr(creator.audience, dim)
            if shares:
                aud[dim] = {_share_key(k): float(v) for k, v in shares.items()}
    return {
        "id": creator.id, "platform": creator.platform, "country": creator.country,
        "tier": feats.tier, "languages": list(creator.languages),
        "categories": list(creator.categories), "followers": creator.followers,
        "avg_views": feats.avg_views, "engagement_rate": feats.engagement_rate,
        "estimated_cost_eur": feats.estimated_cost_eur, "last_posted_ts": feats.last_posted_ts,
        "flag_count": len(creator.brand_safety_flags),
        "updated_ts": feats.updated_ts, "confidence_rank": feats.confidence_rank,
        "collabs": [{"brand": b, "category": c, "ts": t} for b, c, t in feats.collabs],
        **{name: getattr(feats, name) for name in DERIVED_STATS},
        # FTS5 scores a row with one BM25 whose term frequency counts the profile
        # column twice (weights 2, 1); one field holding the profile twice does the same.
        "text": [profile, profile, "\n".join(c.text() for c in creator.content)],
        "aud": aud, "audience": audience,
        "doc": creator.model_dump_json(exclude_none=True),
        "card": card_json(card_of(creator, (credibility(creator), feats))),
    }


def filter_query(spec: FilterSpec) -> Json:
    """A ``bool`` query (filter context only) for ``spec``, exclusions included.

    A creator with an unknown (missing) value fails every filter on that value.
    """
    filters: list[Json] = []
    for name, values in (("country", spec.countries), ("platform", spec.platforms),
                         ("tier", spec.tiers), ("languages", spec.languages),
                         ("categories", spec.categories)):
        if values:
            filters.append({"terms": {name: list(values)}})
    for name, low, high in (("followers", spec.followers_min, spec.followers_max),
                            ("avg_views", spec.avg_views_min, spec.avg_views_max)):
        bounds = {op: v for op, v in (("gte", low), ("lte", high)) if v is not None}
        if bounds:
            filters.append({"range": {name: bounds}})
    if spec.min_engagement_rate is not None:
        filters.append({"range": {"engagement_rate": {"gte": spec.min_engagement_rate}}})
    if spec.exclude_flagged:
        filters.append({"term": {"flag_count": 0}})
    if spec.max_confidence_rank is not None:
        filters.append({"range": {"confidence_rank": {"lte": spec.max_confidence_rank}}})
    if spec.updated_since_ts is not None:
        recent: Json = {"range": {"updated_ts": {"gte": spec.updated_since_ts}}}
        if spec.updated_unknown_ok:
            recent = {"bool": {"should": [recent, {"bool": {"must_not": [
                {"exists": {"field": "updated_ts"}}]}}], "minimum_should_match": 1}}
        filters.append(recent)
    if spec.with_collabs is not None:
        filters.append(_collab_query(spec.with_collabs))
    for name, low in spec.minimums:
        filters.append({"range": {name: {"gte": low}}})
    for rule in spec.audience:
        fields = [share_field(rule.dim, k) for k in dict.fromkeys(rule.keys)]
        share = rule.share - 1e-9  # as the embedded store: float sums may fall just short
        if len(fields) == 1:
            filters.append({"range": {fields[0]: {"gte": share}}})
        else:
            filters.append({"script": {"script": {
                "source": _AUDIENCE_SCRIPT, "lang": "painless",
                "params": {"fields": fields, "share": share}}}})
    must_not: list[Json] = []
    if spec.without_collabs is not None:
        must_not.append(_collab_query(spec.without_collabs))
    if spec.exclude_ids:
        must_not.append({"terms": {"id": sorted(spec.exclude_ids)}})
    return {"bool": {"filter": filters, "must_not": must_not}}


def _collab_query(rule: CollabRule) -> Json:
    """Has a collaboration matching ``rule`` (undated ones are stored with UNDATED_TS)."""
    either: list[Json] = []
    if rule.brands:
        either.append({"terms": {"collabs.brand": list(rule.brands)}})
    if rule.categories:
        either.append({"terms": {"collabs.category": list(rule.categories)}})
    must: list[Json] = [{"bool": {"should": either, "minimum_should_match": 1}}]
    if rule.since_ts is not None:
        must.append({"range": {"collabs.ts": {"gte": rule.since_ts}}})
    return {"nested": {"path": "collabs", "query": {"bool": {"filter": must}}}}


def _nan(value: Any) -> float:
    return math.nan if value is None else float(value)


class OpenSearchDocumentStore:
    """:class:`~indexer.stores.base.DocumentStore` on an OpenSearch index (alias)."""

    #: Buckets asked of a terms aggregation; a facet with more values is paged exactly.
    facet_size = 10_000

    def __init__(self, cluster: Cluster, alias: str, settings: IndexSettings) -> None:
        self.cluster = cluster
        self.index = VersionedIndex(cluster, alias, lambda: creators_body(settings),
                                    self._add_fields)
        self._pending: dict[str, Json | None] = {}  # id -> source, or None to delete
        cluster.writers.append(self)

    def _add_fields(self, name: str, mapping: Json) -> None:
        """Give an index made before the fields of :data:`_ADDED_PROPERTIES` existed their
        mapping (additive; its documents get the values when reindexed, ``scout index
        --rebuild``, and count as unknown until then)."""
        have = mapping.get("properties", {})
        missing = {k: v for k, v in _ADDED_PROPERTIES.items() if k not in have}
        if missing:
            log.warning("%s predates %s; reindex to fill them", name, ", ".join(missing))
            self.cluster.call(f"adding fields to {name}", self.cluster.client.indices.put_mapping,
                              index=name, body={"properties": missing})

    @property
    def alias(self) -> str:
        return self.index.alias

    def _ready(self) -> str:
        self.index.ensure()
        return self.alias

    # -- writes -----------------------------------------------------------------------
    def upsert(self, docs: Sequence[IndexedCreator]) -> None:
        with self.cluster.batch():
            for item in docs:
                self._pending[item.creator.id] = creator_source(item)

    def delete(self, ids: Sequence[str]) -> list[str]:
        with self.cluster.batch():
            wanted = list(dict.fromkeys(ids))
            stored = self._existing([i for i in wanted if i not in self._pending])
            gone = [i for i in wanted
                    if (self._pending[i] is not None if i in self._pending else i in stored)]
            for cid in gone:
                self._pending[cid] = None
            return gone

    def take_actions(self) -> list[Json]:
        if not self._pending:
            return []
        self._ready()
        target = self.index.write_target
        actions: list[Json] = []
        for cid, source in self._pending.items():
            if source is None:
                actions.append({"_op_type": "delete", "_index": target, "_id": cid})
            else:
                actions.append({"_op_type": "index", "_index": target, "_id": cid,
                                "_source": source})
        return actions

    def discard(self) -> None:
        self._pending.clear()

    # -- reads ------------------------------------------------------------------------
    def _mget(self, ids: Sequence[str], fields: Sequence[str] | None) -> Iterator[Json]:
        index = self._ready()
        for part in chunks(list(dict.fromkeys(ids)), 1000):
            params: Json = ({"_source": False} if fields is None
                            else {"_source_includes": ",".join(fields)})
            found = self.cluster.call(f"reading creators from {index}", self.cluster.client.mget,
                                      index=index, body={"ids": list(part)}, **params)
            for doc in found["docs"]:
                if doc.get("found"):
                    yield doc

    def _existing(self, ids: Sequence[str]) -> set[str]:
        return {doc["_id"] for doc in self._mget(ids, None)} if ids else set()

    def get(self, ids: Sequence[str]) -> dict[str, Creator]:
        return {doc["_id"]: Creator.model_validate_json(doc["_source"]["doc"], context=STORED)
                for doc in self._mget(ids, ["doc"])}

    def cards(self, ids: Sequence[str]) -> dict[str, Card]:
        """The cards saved with the records (computed for a document indexed before
        cards, until it is written again or reindexed)."""
        return read_cards(((doc["_id"], doc["_source"].get("card"))
                           for doc in self._mget(ids, ["card"])), self.get)

    def features(self, ids: Sequence[str]) -> FeatureRows:
        found = {doc["_id"]: doc["_source"] for doc in self._mget(ids, _FEATURE_FIELDS)}
        order = [cid for cid in ids if cid in found]
        rows = [found[cid] for cid in order]

        def column(name: str) -> np.ndarray:
            return np.array([_nan(r.get(name)) for r in rows], dtype=np.float64)

        return FeatureRows(
            ids=order,
            followers=column("followers"),
            avg_views=column("avg_views"),
            engagement_rate=column("engagement_rate"),
            estimated_cost_eur=column("estimated_cost_eur"),
            last_posted_ts=column("last_posted_ts"),
            flag_count=column("flag_count"),
            tier=[r.get("tier") for r in rows],
            audience=[r.get("audience") for r in rows],
            **{name: column(name) for name in DERIVED_STATS},
        )

    def count(self) -> int:
        index = self._ready()
        result = self.cluster.call(f"counting {index}", self.cluster.client.count, index=index)
        return int(result["count"])

    def _ids(self, query: Json) -> list[str]:
        index = self._ready()
        body = {"query": query, "_source": False}
        return [hit["sort"][0] for hit in self.cluster.iter_sorted(
            f"listing ids in {index}", index, body, [{"id": "asc"}])]

    def all_ids(self) -> list[str]:
        return self._ids({"match_all": {}})

    def filter_ids(self, spec: FilterSpec) -> list[str] | None:
        if spec.is_empty():
            return None
        return self._ids(filter_query(spec))

    def lexical(self, text: str, spec: FilterSpec, k: int,
                also: Also = ()) -> list[tuple[str, float]]:
        words = tokens(text)[:MAX_QUERY_TERMS]
        if not words or (k <= 0 and not also):
            return []
        index = self._ready()

        def query(*more: Json) -> Json:
            q = filter_query(spec)
            q["bool"]["filter"].extend(more)
            # An OR of the tokens, each a phrase: a token the analyzer splits, like "don't",
            # must match as a whole, as FTS5's quoted tokens do.
            q["bool"]["should"] = [{"match_phrase": {"text": word}} for word in words]
            q["bool"]["minimum_should_match"] = 1
            return {"query": q, "_source": False}

        def search(body: Json, limit: int) -> list[tuple[str, float]]:
            hits = self.cluster.iter_sorted(f"searching {index}", index, body,
                                            ["_score", {"id": "asc"}], limit=limit)
            return [(hit["sort"][1], float(hit["sort"][0])) for hit in hits]

        top = search(query(), k) if k > 0 else []
        rest: list[tuple[str, float]] = []
        for part in chunks(sorted(set(resolve_also(also)) - {cid for cid, _ in top}),
                          self.cluster.max_terms):
            rest += search(query({"terms": {"id": list(part)}}), len(part))
        return top + sorted(rest)

    def facets(self, spec: FilterSpec, fields: Sequence[str]) -> dict[str, dict[str, int]]:
        unknown = [f for f in fields if f not in _FACET_FIELD]
        if unknown:
            raise InvalidQuery(f"unknown facet {unknown[0]!r}; facets are "
                               f"{', '.join(_FACET_FIELD)}", field="facets")
        if not fields:
            return {}
        index = self._ready()
        query = filter_query(spec)
        aggs = {name: {"terms": {"field": _FACET_FIELD[name], "size": self.facet_size}}
                for name in dict.fromkeys(fields)}
        result = self.cluster.search(f"counting facets in {index}", index,
                                     {"size": 0, "query": query, "aggs": aggs,
                                      "track_total_hits": False})
        out: dict[str, dict[str, int]] = {}
        for name in fields:
            agg = result["aggregations"][name]
            if agg.get("sum_other_doc_count", 0) or agg.get("doc_count_error_upper_bound", 0):
                counts = self._facet_exact(index, query, _FACET_FIELD[name])
            else:
                counts = {str(b["key"]): int(b["doc_count"]) for b in agg["buckets"]}
            out[name] = dict(sorted(counts.items(), key=lambda kv: (-kv[1], kv[0])))
        return out

    def _facet_exact(self, index: str, query: Json, field: str) -> dict[str, int]:
        """Every bucket of ``field``, paged with a composite aggregation (exact)."""
        counts: dict[str, int] = {}
        after: Json | None = None
        while True:
            source: Json = {"size": self.facet_size,
                            "sources": [{"v": {"terms": {"field": field}}}]}
            if after is not None:
                source["after"] = after
            result = self.cluster.search(f"counting facets in {index}", index,
                                         {"size": 0, "query": query, "track_total_hits": False,
                                          "aggs": {"all": {"composite": source}}})
            agg = result["aggregations"]["all"]
            for bucket in agg["buckets"]:
                counts[str(bucket["key"]["v"])] = int(bucket["doc_count"])
            after = agg.get("after_key")
            if after is None or len(agg["buckets"]) < self.facet_size:
                return counts

    def browse(
        self, spec: FilterSpec, sort: SortField, offset: int, limit: int
    ) -> tuple[list[str], int]:
        index = self._ready()
        field = _SORT_FIELD[sort]
        query = filter_query(spec)
        order = [{field: {"order": "desc", "missing": "_last"}}, {"id": "asc"}]
        offset, limit = max(0, offset), max(0, limit)
        if offset + limit <= self.cluster.max_window:
            result = self.cluster.search(
                f"browsing {index}", index,
                {"query": query, "sort": order, "from": offset, "size": limit,
                 "_source": False, "track_total_hits": True})
            ids = [hit["sort"][-1] for hit in result["hits"]["hits"]]
            return ids, int(result["hits"]["total"]["value"])
        total = self.cluster.call(f"counting {index}", self.cluster.client.count, index=index,
                                  body={"query": query})["count"]
        hits = self.cluster.iter_sorted(f"browsing {index}", index,
                                        {"query": query, "_source": False}, order,
                                        limit=limit, skip=offset)
        return [hit["sort"][-1] for hit in hits], int(total)

    def ping(self) -> bool:
        return bool(self.cluster.call("pinging", self.cluster.client.ping))

    def close(self) -> None:
        """The client is closed by the backend."""


# -- the k-NN vector index -----------------------------------------------------------------


def vectors_body(settings: IndexSettings, dim: int) -> Json:
    """Settings and mapping of a ``<prefix>-vectors-<space>-v<N>`` k-NN index."""
    return {
        "settings": {"index": {**settings.body(), "knn": True}},
        "mappings": {"dynamic": "strict", "properties": {
            "group": {"type": "keyword"},
            "key": {"type": "keyword"},
            # Exactly one vector per group carries head=true: count() counts groups.
            "head": {"type": "boolean"},
            "vector": {"type": "knn_vector", "dimension": dim, "method": {
                "name": "hnsw", "engine": "lucene", "space_type": "innerproduct",
                "parameters": {"m": 16, "ef_construction": 128}}},
        }},
    }


def _doc_id(group: str, key: str) -> str:
    return f"{len(group)}:{group}:{key}"


def _inner_product(score: float) -> float:
    """The inner product behind a Lucene/k-NN ``innerproduct`` score.

    OpenSearch maps an inner product ``ip`` to ``1 + ip`` when ``ip >= 0`` and to
    ``1 / (1 - ip)`` otherwise, so scores stay positive.
    """
    return score - 1.0 if score >= 1.0 else 1.0 - 1.0 / score


class OpenSearchVectorIndex:
    """:class:`~indexer.stores.base.VectorIndex` on OpenSearch k-NN (Lucene HNSW).

    One document per vector with its ``group`` (creator id) and ``key``. ANN search uses
    a ``knn`` query, with a ``terms`` filter on ``group`` when the caller restricts the
    groups; exact scores come from the k-NN scoring script (``knn_score``,
    ``innerproduct``) over the groups' vectors, converted back to the inner product, so
    they equal FAISS's to float32 precision.
    """

    def __init__(self, cluster: Cluster, alias: str, dim: int, settings: IndexSettings, *,
                 exact_threshold: int = 20_000) -> None:
        self.cluster = cluster
        self.dim = dim
        self.exact_threshold = exact_threshold
        self.index = VersionedIndex(cluster, alias, lambda: vectors_body(settings, dim),
                                    self._check_mapping)
        self._pending: dict[str, dict[str, np.ndarray]] = {}
        cluster.writers.append(self)

    @property
    def alias(self) -> str:
        return self.index.alias

    def _check_mapping(self, name: str, mapping: Json) -> None:
        found = mapping.get("properties", {}).get("vector", {}).get("dimension")
        if found != self.dim:
            raise ConfigError(
                f"OpenSearch index {name} holds {found}-dimensional vectors but the model "
                f"makes {self.dim}; use another opensearch_index_prefix or rebuild the index",
                field="opensearch_index_prefix")

    def _ready(self) -> str:
        self.index.ensure()
        return self.alias

    # -- writes -----------------------------------------------------------------------
    def upsert(self, groups: Sequence[tuple[str, dict[str, np.ndarray]]]) -> None:
        staged: list[tuple[str, dict[str, np.ndarray]]] = []
        for group, vectors in groups:
            clean = {k: np.asarray(v, dtype=np.float32).reshape(-1) for k, v in vectors.items()}
            for vec in clean.values():
                if vec.shape[0] != self.dim:
                    raise ValueError(
                        f"vector dimension {vec.shape[0]} != index dimension {self.dim}")
            staged.append((group, clean))
        with self.cluster.batch():
            for group, clean in staged:
                self._pending[group] = clean

    def delete_groups(self, groups: Sequence[str]) -> None:
        self.upsert([(g, {}) for g in groups])

    def take_actions(self) -> list[Json]:
        if not self._pending:
            return []
        self._ready()
        target = self.index.write_target
        fresh: set[str] = set()
        actions: list[Json] = []
        for group, vectors in self._pending.items():
            for n, key in enumerate(sorted(vectors)):
                doc_id = _doc_id(group, key)
                fresh.add(doc_id)
                actions.append({"_op_type": "index", "_index": target, "_id": doc_id,
                                "_source": {"group": group, "key": key, "head": n == 0,
                                            "vector": vectors[key].tolist()}})
        for part in chunks(list(self._pending), self.cluster.max_terms):
            body = {"query": {"terms": {"group": list(part)}}, "_source": False}
            for hit in self.cluster.iter_sorted(f"reading {target}", target, body,
                                                [{"group": "asc"}, {"key": "asc"}]):
                if hit["_id"] not in fresh:
                    actions.append({"_op_type": "delete", "_index": target, "_id": hit["_id"]})
        return actions

    def discard(self) -> None:
        self._pending.clear()

    def refresh(self) -> None:
        """Nothing to do: every search reads the cluster."""

    # -- reads ------------------------------------------------------------------------
    def count(self) -> int:
        index = self._ready()
        result = self.cluster.call(f"counting {index}", self.cluster.client.count, index=index,
                                   body={"query": {"term": {"head": True}}})
        return int(result["count"])

    def vectors(self, group: str) -> dict[str, np.ndarray]:
        index = self._ready()
        body = {"query": {"term": {"group": group}}, "_source": ["key", "vector"]}
        return {hit["_source"]["key"]: np.asarray(hit["_source"]["vector"], dtype=np.float32)
                for hit in self.cluster.iter_sorted(f"reading {index}", index, body,
                                                    [{"key": "asc"}])}

    def _script(self, query: np.ndarray, scope: Json) -> Json:
        return {"script_score": {"query": scope, "script": {
            "source": "knn_score", "lang": "knn",
            "params": {"field": "vector", "query_value": _qlist(query),
                       "space_type": "innerproduct"}}}}

    def scores_per_group(
        self, query: np.ndarray, groups: Collection[str]
    ) -> dict[str, list[tuple[str, float]]]:
        wanted = list(dict.fromkeys(groups))
        if not wanted:
            return {}
        index = self._ready()
        out: dict[str, list[tuple[str, float]]] = {}
        for part in chunks(wanted, self.cluster.max_terms):
            body = {"query": self._script(query, {"terms": {"group": list(part)}}),
                    "_source": False, "track_scores": True}
            for hit in self.cluster.iter_sorted(f"scoring vectors in {index}", index, body,
                                                [{"group": "asc"}, {"key": "asc"}]):
                group, key = hit["sort"]
                out.setdefault(group, []).append((key, _inner_product(hit["_score"])))
        for hits in out.values():
            hits.sort(key=lambda h: (-h[1], h[0]))
        return out

    def best_per_group(self, query: np.ndarray, groups: Collection[str]) -> dict[str, VectorHit]:
        return {g: VectorHit(g, hits[0][0], hits[0][1])
                for g, hits in self.scores_per_group(query, groups).items()}

    def search(
        self, query: np.ndarray, k: int, groups: Collection[str] | None = None
    ) -> list[VectorHit]:
        if k <= 0:
            return []
        index = self._ready()
        scope: Json = {"match_all": {}}
        allowed: set[str] | None = None
        if groups is not None:
            wanted = sorted(set(groups))
            if not wanted:
                return []
            if len(wanted) <= self.cluster.max_terms:
                scope = {"terms": {"group": wanted}}
            else:  # too many for a filter: search everything, keep the allowed groups
                allowed = set(wanted)
        total = int(self.cluster.call(f"counting {index}", self.cluster.client.count,
                                      index=index, body={"query": scope})["count"])
        if total == 0:
            return []
        if total <= min(self.exact_threshold, self.cluster.max_window):
            # Small sets are scored exactly, as FAISS does below its threshold.
            found = self._top_groups(index, k, total, allowed,
                                     lambda want: self._script(query, scope))
            return sorted(found.values(), key=lambda h: (-h.score, h.group))[:k]

        def knn(want: int) -> Json:
            filtered = {"filter": scope} if "terms" in scope else {}
            return {"knn": {"vector": {"vector": _qlist(query), "k": want, **filtered}}}

        found = self._top_groups(index, k, total, allowed, knn)
        # HNSW found the groups; their best vectors and scores are computed exactly.
        best = self.best_per_group(query, list(found))
        return sorted(best.values(), key=lambda h: (-h.score, h.group))[:k]

    def _top_groups(self, index: str, k: int, total: int, allowed: set[str] | None,
                    make_query: Callable[[int], Json]) -> dict[str, VectorHit]:
        """Best hit per group over growing result pages until ``k`` groups are found."""
        want = min(total, self.cluster.max_window, 4 * k + 16)
        while True:
            result = self.cluster.search(
                f"searching {index}", index,
                {"query": make_query(want), "size": want, "_source": False,
                 "sort": ["_score", {"group": "asc"}, {"key": "asc"}],
                 "track_total_hits": False})
            hits = result["hits"]["hits"]
            best: dict[str, VectorHit] = {}
            for hit in hits:
                score, group, key = hit["sort"]
                if group in best or (allowed is not None and group not in allowed):
                    continue
                best[group] = VectorHit(group, key, _inner_product(float(score)))
            if len(best) >= k or len(hits) < want or want >= min(total, self.cluster.max_window):
                return best
            want = min(total, self.cluster.max_window, want * 2)

    def close(self) -> None:
        """The client is closed by the backend."""


def _qlist(query: np.ndarray) -> list[float]:
    return [float(x) for x in np.asarray(query, dtype=np.float32).reshape(-1)]


# -- the backend -------------------------------------------------------------------------


class OpenSearchBackend:
    """Records on OpenSearch (or SQLite) with vectors in FAISS or OpenSearch k-NN.

    Nothing is sent to the cluster at construction beyond a best-effort check that the
    indices exist; when the cluster is down, every call raises
    :class:`~scout.errors.BackendUnavailable` until it is back.
    """

    name = "opensearch"

    def __init__(self, config: Config, dim: int, *, client: OpenSearch | None = None) -> None:
        if config.document_store == "sqlite" and config.vector_index == "faiss":
            raise ConfigError("sqlite + faiss is the embedded backend, not OpenSearch",
                              field="backend")
        self.config = config
        self.dim = dim
        self.cluster = Cluster(config, client)
        settings = IndexSettings.of(config)
        prefix = config.opensearch_index_prefix
        if not re.fullmatch(r"[a-z0-9][a-z0-9_.-]*", prefix):
            raise ConfigError(f"opensearch_index_prefix {prefix!r} must be lower case letters, "
                              "digits, '-', '_' or '.'", field="opensearch_index_prefix")
        self._dbs: list[Database] = []
        self._faiss: list[FaissVectorIndex] = []
        self._versioned: list[VersionedIndex] = []
        #: During a rebuild with FAISS vectors: where the new vectors are written.
        self._staging: _StagedFaiss | None = None
        self.docs: DocumentStore
        self.profiles: VectorIndex
        self.content: VectorIndex
        if config.document_store == "opensearch":
            store = OpenSearchDocumentStore(self.cluster, f"{prefix}-creators", settings)
            self._versioned.append(store.index)
            self.docs = store
        else:
            db = Database(config.data_dir / "scout.db")
            db.ensure_meta()
            self._dbs.append(db)
            self.docs = SqliteDocumentStore(db)
        if config.vector_index == "opensearch":
            indices = [OpenSearchVectorIndex(self.cluster, f"{prefix}-vectors-{space}", dim,
                                             settings, exact_threshold=config.exact_threshold)
                       for space in ("profile", "content")]
            self._versioned += [i.index for i in indices]
            self.profiles, self.content = indices
        else:
            vec_db = self._vec_db = Database(config.data_dir / "vectors.db")
            self._dbs.append(vec_db)
            snapshots = config.data_dir / "opensearch-vectors"
            self._faiss = [FaissVectorIndex(vec_db, space, dim, snapshots,
                                            exact_threshold=config.exact_threshold)
                           for space in ("profile", "content")]
            self.profiles, self.content = self._faiss
        # When the cluster is down this is logged once and retried by the first call.
        with suppress(BackendUnavailable):
            self.ensure()

    def ensure(self) -> None:
        """Create missing indices and aliases now (otherwise done on first use)."""
        for index in self._versioned:
            index.ensure()

    @property
    def aliases(self) -> list[str]:
        return [index.alias for index in self._versioned]

    # -- Backend ------------------------------------------------------------------------
    @contextmanager
    def transaction(self) -> Iterator[None]:
        """Stage OpenSearch writes and send them when the block exits (see module doc)."""
        with ExitStack() as stack:
            for db in self._dbs:
                stack.enter_context(db.transaction())
            stack.enter_context(self.cluster.batch())
            yield

    def refresh(self) -> None:
        for index in self._faiss:
            index.refresh()

    def data_version(self) -> Hashable | None:
        """None: other writers change the cluster directly, unseen by this process."""
        return None

    def flush(self) -> None:
        for index in self._faiss:
            index.save_snapshot()

    def health(self) -> dict[str, object]:
        health: Json = self.cluster.answer("checking cluster health",
                                           self.cluster.client.cluster.health)
        if health.get("status") == "red":
            raise self.cluster.unavailable("checking cluster health",
                                            "the cluster status is red")
        self.cluster.healthy()
        return {
            "backend": self.name,
            "document_store": self.config.document_store,
            "vector_index": self.config.vector_index,
            "cluster": health.get("cluster_name"),
            "cluster_status": health.get("status"),
            "nodes": health.get("number_of_nodes"),
            "creators": self.docs.count(),
            "profile_vectors": self.profiles.count(),
            "content_groups": self.content.count(),
        }

    def close(self) -> None:
        self.cluster.close()
        for db in self._dbs:
            db.close()

    # -- rebuild -----------------------------------------------------------------------
    def begin_rebuild(self) -> list[str]:
        """Create fresh ``v<N+1>`` indices and send every write to them until :meth:`swap`.

        With FAISS vectors, vector writes go to a staging vector store in a fresh
        directory next to the data dir. Searches keep reading the current indices and
        vectors meanwhile. Returns the new index names.
        """
        if self.config.document_store != "opensearch":
            raise ConfigError("a rebuild needs document_store = opensearch",
                              field="document_store")
        if any(index.building for index in self._versioned):
            raise ConfigError("a rebuild is already in progress in this process")
        built: list[str] = []
        try:
            for index in self._versioned:
                built.append(index.begin())
            if self._faiss:
                self._stage_vectors()
        except BaseException:
            self.abort_rebuild()
            raise
        log.info("rebuilding into %s", ", ".join(built))
        return built

    def _stage_vectors(self) -> None:
        where = staging_dir(self.config.data_dir)
        db = Database(where / "vectors.db")
        staged = [FaissVectorIndex(db, space, self.dim, where / "snapshots",
                                   exact_threshold=self.config.exact_threshold)
                  for space in ("profile", "content")]
        self._staging = _StagedFaiss(where, db, staged)
        self._dbs.append(db)  # transaction() covers the staged vectors too
        self.profiles, self.content = (_WritesTo(live, new)
                                       for live, new in zip(self._faiss, staged, strict=True))

    def _end_staging(self) -> None:
        staging, self._staging = self._staging, None
        if staging is None:
            return
        self.profiles, self.content = self._faiss
        self._dbs.remove(staging.db)
        staging.db.close()
        shutil.rmtree(staging.where, ignore_errors=True)

    def swap(self) -> None:
        """Point every alias at its rebuilt index in one atomic ``_aliases`` call, then
        delete the old versions.

        With FAISS vectors, the live vectors become exactly the staged ones in one
        SQLite transaction that commits right after the alias call succeeds (and rolls
        back if it fails), so records and vectors switch within moments of each other.
        """
        actions = [a for index in self._versioned for a in index.swap_actions()]

        def move_aliases() -> None:
            self.cluster.call("swapping aliases", self.cluster.client.indices.update_aliases,
                              body={"actions": actions})

        try:
            if self._staging is not None:
                with self._vec_db.transaction():
                    for live, new in zip(self._faiss, self._staging.indices, strict=True):
                        replace_vectors(live, new)
                    move_aliases()
            else:
                move_aliases()
        finally:
            self._end_staging()
        for index in self._versioned:
            index.finish()
        log.info("swapped %s to the rebuilt indices", ", ".join(self.aliases))

    def abort_rebuild(self) -> None:
        """Drop the half-built indices and staged vectors; the aliases never moved."""
        try:
            for index in self._versioned:
                index.abort()
        finally:
            self._end_staging()

    @contextmanager
    def rebuild(self) -> Iterator[OpenSearchBackend]:
        """Writes inside (to this backend, which is yielded) go to fresh indices, swapped
        in atomically when the block ends normally and dropped if it raises."""
        self.begin_rebuild()
        try:
            yield self
        except BaseException:
            self.abort_rebuild()
            raise
        self.swap()


class _StagedFaiss(NamedTuple):
    """The vector store a rebuild writes to when vectors live in FAISS."""

    where: Path
    db: Database
    indices: list[FaissVectorIndex]


class _WritesTo:
    """A vector index during a rebuild: writes go to the staged index, reads to the live
    one, as the OpenSearch indices behave behind their aliases."""

    def __init__(self, live: FaissVectorIndex, staged: FaissVectorIndex) -> None:
        self.live = live
        self.staged = staged
        self.dim = live.dim

    def upsert(self, groups: Sequence[tuple[str, dict[str, np.ndarray]]]) -> None:
        self.staged.upsert(groups)

    def delete_groups(self, groups: Sequence[str]) -> None:
        self.staged.delete_groups(groups)

    def search(
        self, query: np.ndarray, k: int, groups: Collection[str] | None = None
    ) -> list[VectorHit]:
        return self.live.search(query, k, groups)

    def best_per_group(self, query: np.ndarray, groups: Collection[str]) -> dict[str, VectorHit]:
        return self.live.best_per_group(query, groups)

    def scores_per_group(
        self, query: np.ndarray, groups: Collection[str]
    ) -> dict[str, list[tuple[str, float]]]:
        return self.live.scores_per_group(query, groups)

    def vectors(self, group: str) -> dict[str, np.ndarray]:
        return self.live.vectors(group)

    def count(self) -> int:
        return self.live.count()

    def refresh(self) -> None:
        self.live.refresh()

    def close(self) -> None:
        """Both indices are closed by the backend."""
