"""The judged benchmark: creators, briefs with train/test splits, graded qrels.

``make_benchmark(out, seed, size)`` writes, byte-identically for the same seed
and size:

* ``creators.jsonl`` — v1 records from :mod:`indexer.sample_data`;
* ``latent.jsonl`` — the generator's hidden truth per creator (the judge's
  view; the ranker never reads it);
* ``briefs.jsonl`` — one brief a line: the v1 brief fields plus ``id``,
  ``split`` (``train``/``test``) and ``eval`` (niche, related niches, text
  style, hard-case kind) for per-kind analysis;
* ``qrels.txt`` — TREC qrels, grades 0-3 (:mod:`eval.judgments`); every creator
  whose topic matches is listed, so judged non-relevant ones (constraint
  breakers, bought audiences) are explicit 0s;
* ``outcomes.jsonl`` — simulated outcomes of one tenant's past collaborations
  (:mod:`eval.outcomes`), in the shape ``POST /v1/feedback`` records: what the
  ``past_performance`` signal reads in evaluation runs;
* ``benchmark.json`` — seed, size, counts and the reference date runs rank at.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from functools import cached_property
from pathlib import Path
from typing import Any

from eval.briefs import MARKETS, BriefDraft, collaboration_fields, drafts
from eval.judgments import judge
from eval.outcomes import OUTCOMES_FILE, simulate_outcomes
from eval.trec import Qrels, read_qrels, write_qrels
from indexer.sample_data import REFERENCE_DATE, Latent, load_latent, write_sample_data
from ranker.outcomes import OutcomeLog, write_outcomes
from schemas import Brief, Creator
from scout.errors import InvalidInput

FORMAT_VERSION = 1
SPLITS = ("train", "test")


@dataclass(frozen=True)
class BenchmarkSize:
    creators: int
    briefs: int
    #: A brief is kept only if at least this many creators are graded 2 or 3.
    min_relevant: int


SIZES: dict[str, BenchmarkSize] = {
    "small": BenchmarkSize(creators=120, briefs=8, min_relevant=2),
    "default": BenchmarkSize(creators=2_000, briefs=56, min_relevant=5),
}


@dataclass(frozen=True)
class BenchmarkBrief:
    """A brief of the benchmark with what the judge knows about it."""

    id: str
    split: str
    niche: str
    related: tuple[str, ...]
    style: str
    kind: str
    brief: Brief

    def to_line(self) -> dict[str, Any]:
        body = self.brief.model_dump(mode="json", exclude_defaults=True)
        return {"id": self.id, "split": self.split, **{k: v for k, v in body.items()
                                                      if k != "id"},
                "eval": {"niche": self.niche, "related": list(self.related),
                         "style": self.style, "kind": self.kind}}

    @classmethod
    def from_line(cls, data: dict[str, Any], where: str) -> BenchmarkBrief:
        data = dict(data)
        split = data.pop("split", None)
        meta = data.pop("eval", None) or {}
        if split not in SPLITS:
            raise InvalidInput(f"{where}: split must be train or test, not {split!r}",
                               field="split")
        try:
            brief = Brief.model_validate(data)
        except ValueError as exc:
            raise InvalidInput(f"{where}: {exc}", field="brief") from None
        if brief.id is None:
            raise InvalidInput(f"{where}: every benchmark brief needs an id", field="id")
        return cls(brief.id, split, str(meta.get("niche", "")),
                   tuple(meta.get("related", ())), str(meta.get("style", "")),
                   str(meta.get("kind", "")), brief)


@dataclass(frozen=True)
class Benchmark:
    """A benchmark directory, loaded: briefs and qrels eagerly, creators on demand."""

    path: Path
    meta: dict[str, Any]
    briefs: tuple[BenchmarkBrief, ...]
    qrels: Qrels = field(repr=False)

    @property
    def creators_path(self) -> Path:
        return self.path / "creators.jsonl"

    @property
    def now(self) -> float:
        """The moment runs rank at (recency is relative to the generator's date)."""
        return float(self.meta.get("now_ts", REFERENCE_DATE.timestamp()))

    def select(self, split: str = "all") -> list[BenchmarkBrief]:
        """Briefs of ``split`` (``train``, ``test`` or ``all``), in id order."""
        if split not in (*SPLITS, "all"):
            raise InvalidInput(f"split must be train, test or all, not {split!r}", field="split")
        return [b for b in self.briefs if split == "all" or b.split == split]

    def qrels_for(self, split: str = "all") -> Qrels:
        ids = {b.id for b in self.select(split)}
        return {qid: dict(rels) for qid, rels in self.qrels.items() if qid in ids}

    @cached_property
    def creators(self) -> dict[str, Creator]:
        return {c.id: c for c in _read_creators(self.creators_path)}

    @cached_property
    def latent(self) -> dict[str, Latent]:
        return load_latent(self.path / "latent.jsonl")

    @cached_property
    def outcomes(self) -> OutcomeLog | None:
        """The benchmark tenant's past outcomes (``outcomes.jsonl``), if the file exists."""
        path = self.path / OUTCOMES_FILE
        return OutcomeLog.from_file(path) if path.is_file() else None

    def fingerprint(self) -> str:
        """SHA-256 of ``creators.jsonl``: an index built from other records is stale."""
        digest = hashlib.sha256()
        with self.creators_path.open("rb") as handle:
            for block in iter(lambda: handle.read(1 << 20), b""):
                digest.update(block)
        return digest.hexdigest()


def load_benchmark(path: str | Path) -> Benchmark:
    """Read a benchmark directory written by :func:`make_benchmark` (or by hand)."""
    root = Path(path)
    for name in ("creators.jsonl", "briefs.jsonl", "qrels.txt"):
        if not (root / name).is_file():
            raise InvalidInput(f"{root} is not a benchmark: {name} is missing "
                               "(make one with `scout eval make-benchmark`)", field="benchmark")
    meta_path = root / "benchmark.json"
    meta: dict[str, Any] = json.loads(meta_path.read_text()) if meta_path.is_file() else {}
    briefs: list[BenchmarkBrief] = []
    seen: set[str] = set()
    lines = (root / "briefs.jsonl").read_text(encoding="utf-8").splitlines()
    for number, line in enumerate(lines, start=1):
        if not line.strip():
            continue
        where = f"{root / 'briefs.jsonl'}:{number}"
        try:
            data = json.loads(line)
        except json.JSONDecodeError as exc:
            raise InvalidInput(f"{where}: {exc.msg}", field="briefs") from None
        item = BenchmarkBrief.from_line(data, where)
        if item.id in seen:
            raise InvalidInput(f"{where}: brief id {item.id!r} appears twice", field="id")
        seen.add(item.id)
        briefs.append(item)
    briefs.sort(key=lambda b: b.id)
    return Benchmark(root, meta, tuple(briefs), read_qrels(root / "qrels.txt"))


def make_benchmark(out: str | Path, seed: int = 42, size: str | BenchmarkSize = "default"
                   ) -> Benchmark:
    """Generate creators, shape and judge briefs, and write the benchmark to ``out``."""
    spec = SIZES[size] if isinstance(size, str) else size
    root = Path(out)
    root.mkdir(parents=True, exist_ok=True)
    paths = write_sample_data(root, spec.creators, seed)
    creators = _read_creators(paths["creators"])
    latent = load_latent(paths["latent"])
    chosen = [_with_collaborations(item, seed, creators, latent, spec.min_relevant)
              for item in _choose_briefs(drafts(seed), creators, latent, spec)]
    qrels: Qrels = {}
    lines: list[str] = []
    for item in chosen:
        qrels[item.id] = _judge_all(item.brief, item.niche, item.related, creators, latent)
        lines.append(json.dumps(item.to_line(), ensure_ascii=False) + "\n")
    _write_text(root / "briefs.jsonl", "".join(lines))
    write_qrels(qrels, root / "qrels.txt")
    outcomes = simulate_outcomes(creators, latent, seed)
    write_outcomes(outcomes, root / OUTCOMES_FILE)
    meta = {
        "format": FORMAT_VERSION, "seed": seed,
        "size": size if isinstance(size, str) else "custom",
        "creators": spec.creators, "briefs": len(chosen), "min_relevant": spec.min_relevant,
        "splits": {s: sum(1 for b in chosen if b.split == s) for s in SPLITS},
        "outcomes": len(outcomes),
        "now": REFERENCE_DATE.isoformat(), "now_ts": REFERENCE_DATE.timestamp(),
        "generator": "indexer.sample_data",
    }
    _write_text(root / "benchmark.json", json.dumps(meta, indent=2) + "\n")
    return load_benchmark(root)


def _choose_briefs(candidates: Sequence[BriefDraft], creators: Sequence[Creator],
                   latent: dict[str, Latent], spec: BenchmarkSize) -> list[BenchmarkBrief]:
    """Keep drafts with enough relevant creators, half train and half test.

    A draft whose shape leaves too few relevant creators tries the shape's other
    variants (markets, budgets), then falls back to an ``open`` brief.
    """
    wanted = {"train": spec.briefs // 2, "test": spec.briefs - spec.briefs // 2}
    picked: list[tuple[str, BriefDraft, Brief]] = []
    for n, draft in enumerate(candidates):
        split = draft.split
        if wanted[split] == 0:
            continue
        found = _first_good(draft, n, creators, latent, spec.min_relevant)
        if found is None:
            continue
        draft, brief = found
        picked.append((split, draft, brief))
        wanted[split] -= 1
    out = []
    for number, (split, draft, brief) in enumerate(picked, start=1):
        bid = f"b{number:03d}"
        out.append(BenchmarkBrief(bid, split, draft.niche, draft.related, draft.style,
                                  draft.kind, brief.model_copy(update={"id": bid})))
    return out


def _with_collaborations(item: BenchmarkBrief, seed: int, creators: Sequence[Creator],
                         latent: dict[str, Latent], min_relevant: int) -> BenchmarkBrief:
    """``item`` with its brand category and competitors (:func:`collaboration_fields`);
    competitors are left out where they would leave too few relevant creators."""
    fields = collaboration_fields(item.niche, item.id, seed)
    brief = Brief.model_validate({**item.brief.model_dump(exclude_none=True), **fields})
    if brief.competitors is not None:
        grades = _judge_all(brief, item.niche, item.related, creators, latent)
        if sum(1 for g in grades.values() if g >= 2) < min_relevant:
            brief = brief.model_copy(update={"competitors": None})
    return replace(item, brief=brief)


def _first_good(draft: BriefDraft, n: int, creators: Sequence[Creator],
                latent: dict[str, Latent], min_relevant: int) -> tuple[BriefDraft, Brief] | None:
    variants = len(MARKETS)
    for candidate in (draft, replace(draft, kind="open")):
        for step in range(variants if candidate.kind != "open" else 1):
            brief = Brief.model_validate(candidate.fields(n + step))
            grades = _judge_all(brief, candidate.niche, candidate.related, creators, latent)
            if sum(1 for g in grades.values() if g >= 2) >= min_relevant:
                return candidate, brief
    return None


def _judge_all(brief: Brief, niche: str, related: tuple[str, ...],
               creators: Sequence[Creator], latent: dict[str, Latent]) -> dict[str, int]:
    """Grades of every creator whose topic matches (others are implicitly 0)."""
    out: dict[str, int] = {}
    for creator in creators:
        truth = latent[creator.id]
        if truth.niche != niche and truth.secondary_niche != niche and truth.niche not in related:
            continue
        out[creator.id] = judge(brief, niche, related, creator, truth).grade
    return out


def _read_creators(path: Path) -> list[Creator]:
    with Path(path).open(encoding="utf-8") as handle:
        return [Creator.model_validate_json(line) for line in handle if line.strip()]


def _write_text(path: Path, text: str) -> None:
    temp = path.with_name(f".{path.name}.tmp")
    temp.write_text(text, encoding="utf-8", newline="\n")
    temp.replace(path)
