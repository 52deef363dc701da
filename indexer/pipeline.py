"""Records in, embeddings computed, both stores written consistently.

Validation happens for the whole input before anything is written: by default
one bad record refuses the whole run and nothing is written; with
``on_error="skip"`` the good records are indexed and every reject is reported.
Writes go in chunks, each one transaction over records and vectors, so a crash
leaves every chunk either fully in both stores or in neither.
"""

from __future__ import annotations

import json
import logging
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal

import numpy as np
from tqdm.auto import tqdm

from indexer.embedder import Embedder
from indexer.features import CreatorFeatures
from indexer.readers import Reject, read_records
from indexer.stores.base import Backend, IndexedCreator
from schemas import Creator
from scout.errors import InvalidInput, InvalidRecord

log = logging.getLogger(__name__)
OnError = Literal["fail", "skip"]
WRITE_CHUNK = 256  # creators per transaction; also how often progress updates


@dataclass
class IndexReport:
    indexed: int = 0
    rejected: list[Reject] = field(default_factory=list)
    content_items: int = 0
    reject_report: Path | None = None
    #: Creators a rebuild dropped because the new input no longer has them.
    removed: int = 0

    def to_dict(self) -> dict[str, object]:
        return {
            "indexed": self.indexed,
            "content_items": self.content_items,
            "rejected": len(self.rejected),
            "removed": self.removed,
            "reject_report": str(self.reject_report) if self.reject_report else None,
        }


def profile_text(creator: Creator) -> str:
    """Profile text, or the creator's most used hashtags when the profile is empty."""
    text = creator.profile_text()
    if text:
        return text
    counts: dict[str, int] = {}
    for item in creator.content:
        for tag in item.hashtags:
            counts[tag] = counts.get(tag, 0) + 1
    top = sorted(counts, key=lambda t: (-counts[t], t))[:10]
    return " ".join(f"#{t}" for t in top)


class Indexer:
    """Embeds and writes creators into a :class:`~indexer.stores.base.Backend`."""

    def __init__(self, backend: Backend, embedder: Embedder, *, progress: bool = True) -> None:
        self.backend = backend
        self.embedder = embedder
        self.progress = progress

    def index_paths(
        self,
        paths: Sequence[str | Path],
        *,
        on_error: OnError = "fail",
        reject_report: Path | None = None,
        merge_stored: bool = True,
    ) -> IndexReport:
        """Index the records in ``paths``. Content records whose creator is not in the
        input are merged into the stored creator (unless ``merge_stored`` is false, as in a
        rebuild, where the input is the whole catalogue); without one they are rejects."""
        read = read_records(paths)
        rejects = list(read.rejects)
        creators = list(read.creators)
        if read.orphan_content:
            owners = sorted({o for o, _, _, _ in read.orphan_content})
            stored = self.backend.docs.get(owners) if merge_stored else {}
            merged: dict[str, Creator] = {}
            for owner, item, source, line in read.orphan_content:
                base = merged.get(owner) or stored.get(owner)
                if base is None:
                    where = " nor in the index" if merge_stored else ""
                    rejects.append(Reject(source, line, "creator_id",
                                          f"unknown creator {owner!r}: not in this input"
                                          + where))
                    continue
                base = base.model_copy(deep=True) if owner not in merged else base
                base.content = [c for c in base.content if c.id != item.id] + [item]
                merged[owner] = base
            creators.extend(merged.values())
        report = IndexReport(rejected=rejects)
        if rejects:
            rejects.sort(key=lambda r: (r.source, r.line))
            if reject_report is not None:
                write_reject_report(reject_report, rejects)
                report.reject_report = reject_report
            if on_error == "fail":
                first = rejects[0]
                more = f" ({len(rejects) - 1} more rejects)" if len(rejects) > 1 else ""
                err = InvalidRecord(first.message + more, field=first.field,
                                    source=first.source, line=first.line)
                err.rejects = rejects  # type: ignore[attr-defined]
                raise err
        self.upsert(creators, report)
        return report

    def rebuild_paths(
        self,
        paths: Sequence[str | Path],
        *,
        on_error: OnError = "fail",
        reject_report: Path | None = None,
    ) -> IndexReport:
        """Re-index from scratch: the catalogue becomes exactly the valid creators in
        ``paths``; creators not in them are removed.

        The backend builds the new catalogue aside and swaps it in at once
        (:meth:`~indexer.stores.base.Backend.rebuild`), so searches see the old catalogue
        or the complete new one, never a half-built one. If the run fails, or no record is
        valid (which would empty the catalogue), nothing changes.
        """
        before = set(self.backend.docs.all_ids())
        with self.backend.rebuild() as target:
            report = Indexer(target, self.embedder, progress=self.progress).index_paths(
                paths, on_error=on_error, reject_report=reject_report, merge_stored=False)
            if not report.indexed:
                raise InvalidInput("a rebuild needs at least one valid creator record (it "
                                   "would empty the index); nothing was changed",
                                   field="paths")
        report.removed = len(before - set(self.backend.docs.all_ids()))
        return report

    def upsert(self, creators: Sequence[Creator], report: IndexReport | None = None) -> IndexReport:
        """Embed and write validated creators, chunk by chunk."""
        report = report or IndexReport()
        bar = tqdm(total=len(creators), desc="indexing", unit="creator",
                   disable=not self.progress or len(creators) < 50)
        for start in range(0, len(creators), WRITE_CHUNK):
            chunk = list(creators[start:start + WRITE_CHUNK])
            items = self._prepare(chunk)
            with self.backend.transaction():
                self.backend.docs.upsert(items)
                self.backend.profiles.upsert(
                    [(i.creator.id, {i.creator.id: i.profile_vector}
                      if i.profile_vector.size else {}) for i in items])
                self.backend.content.upsert([(i.creator.id, i.content_vectors) for i in items])
            report.indexed += len(items)
            report.content_items += sum(len(i.creator.content) for i in items)
            bar.update(len(chunk))
        bar.close()
        return report

    def _prepare(self, creators: list[Creator]) -> list[IndexedCreator]:
        profile_texts = [profile_text(c) for c in creators]
        content_keys: list[tuple[int, str]] = []
        content_texts: list[str] = []
        for n, creator in enumerate(creators):
            for item in creator.content:
                text = item.text()
                if text:
                    content_keys.append((n, item.id))
                    content_texts.append(text)
        nonempty = [i for i, t in enumerate(profile_texts) if t]
        profile_vecs = self.embedder.encode([profile_texts[i] for i in nonempty])
        content_vecs = self.embedder.encode(content_texts)
        empty = np.zeros(0, dtype=np.float32)
        per_profile = {i: profile_vecs[j] for j, i in enumerate(nonempty)}
        per_content: list[dict[str, np.ndarray]] = [{} for _ in creators]
        for (n, key), vec in zip(content_keys, content_vecs, strict=True):
            per_content[n][key] = vec
        return [
            IndexedCreator(c, CreatorFeatures.of(c), per_profile.get(n, empty), per_content[n])
            for n, c in enumerate(creators)
        ]

    def delete(self, ids: Sequence[str]) -> list[str]:
        """Delete creators from both stores in one transaction; returns those that existed."""
        with self.backend.transaction():
            gone = self.backend.docs.delete(ids)
            self.backend.profiles.delete_groups(gone)
            self.backend.content.delete_groups(gone)
        return gone


def write_reject_report(path: Path, rejects: Sequence[Reject]) -> None:
    """One JSON object per rejected record: source, line, field, message."""
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("w", encoding="utf-8") as handle:
        for r in rejects:
            handle.write(json.dumps({"source": r.source, "line": r.line, "field": r.field,
                                     "message": r.message}) + "\n")
