"""TREC files: qrels (``brief_id 0 creator_id grade``) and runs
(``brief_id Q0 creator_id rank score name``).

A :data:`Run` is ``brief id -> [(creator id, score), ...]`` best first. Written
scores strictly decrease within a brief (ties are nudged down by 1e-6 in rank
order), so every tool that sorts by score (trec_eval, ranx, ir-measures) sees
the ranking Scout returned rather than breaking ties its own way.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path

from scout.errors import InvalidInput

Qrels = dict[str, dict[str, int]]
Run = dict[str, list[tuple[str, float]]]

#: How much a tied score is lowered below its predecessor.
TIE_STEP = 1e-6


def strictly_decreasing(ranked: Sequence[tuple[str, float]]) -> list[tuple[str, float]]:
    """``ranked`` with each score lowered just below the previous one where needed."""
    out: list[tuple[str, float]] = []
    for cid, score in ranked:
        value = round(float(score), 6)
        if out and value >= out[-1][1]:
            value = round(out[-1][1] - TIE_STEP, 6)
        out.append((cid, value))
    return out


def write_run(run: Mapping[str, Sequence[tuple[str, float]]], path: Path, name: str) -> Path:
    """Write ``run`` in TREC format (briefs in id order), atomically."""
    if not name or any(ch.isspace() for ch in name):
        raise InvalidInput(f"run name {name!r} must be one word", field="name")
    lines: list[str] = []
    for qid in sorted(run):
        for rank, (cid, score) in enumerate(strictly_decreasing(run[qid]), start=1):
            lines.append(f"{qid} Q0 {cid} {rank} {score:.6f} {name}\n")
    _write(path, "".join(lines))
    return path


def read_run(path: Path) -> tuple[Run, str]:
    """A TREC run file and its name (the last column), ordered by rank."""
    rows: dict[str, list[tuple[int, str, float]]] = {}
    names: set[str] = set()
    for number, parts in _rows(path, 6):
        qid, _q0, cid, rank, score, name = parts
        try:
            rows.setdefault(qid, []).append((int(rank), cid, float(score)))
        except ValueError:
            raise InvalidInput(f"{path}:{number}: rank and score must be numbers",
                               field="run") from None
        names.add(name)
    if len(names) > 1:
        raise InvalidInput(f"{path}: one run per file, found names {sorted(names)}", field="run")
    run = {qid: [(cid, score) for _, cid, score in sorted(items)] for qid, items in rows.items()}
    return run, (names.pop() if names else Path(path).stem)


def write_qrels(qrels: Mapping[str, Mapping[str, int]], path: Path) -> Path:
    lines = [f"{qid} 0 {cid} {qrels[qid][cid]}\n" for qid in sorted(qrels)
             for cid in sorted(qrels[qid])]
    _write(path, "".join(lines))
    return path


def read_qrels(path: Path) -> Qrels:
    qrels: Qrels = {}
    for number, parts in _rows(path, 4):
        qid, _iteration, cid, grade = parts
        try:
            qrels.setdefault(qid, {})[cid] = int(grade)
        except ValueError:
            raise InvalidInput(f"{path}:{number}: grade must be an integer",
                               field="qrels") from None
    return qrels


def _rows(path: Path, width: int) -> Iterable[tuple[int, list[str]]]:
    path = Path(path)
    if not path.is_file():
        raise InvalidInput(f"{path} does not exist", field=str(path))
    with path.open(encoding="utf-8") as handle:
        for number, line in enumerate(handle, start=1):
            parts = line.split()
            if not parts:
                continue
            if len(parts) != width:
                raise InvalidInput(f"{path}:{number}: expected {width} columns, got "
                                   f"{len(parts)}", field=str(path))
            yield number, parts


def _write(path: Path, text: str) -> None:
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    temp = path.with_name(f".{path.name}.tmp")
    temp.write_text(text, encoding="utf-8", newline="\n")
    temp.replace(path)
