"""Read creator and content records from JSONL and CSV, validating every line.

Each PATH is a file or a directory (its ``*.jsonl``, ``*.json`` and ``*.csv``
files, sorted). A record with a ``creator_id`` field is a content item of that
creator; any other record is a creator (content may be nested in it).

CSV columns are the v1 field names. List fields (``languages``, ``categories``,
``hashtags``, ``brand_safety_flags``) are ``|``-separated; nested fields use
dots: ``audience.countries.DE``. Empty cells are missing values.
"""

from __future__ import annotations

import csv
import json
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from schemas import ContentItem, Creator, field_path
from scout.errors import InvalidInput

LIST_FIELDS = frozenset({"languages", "categories", "hashtags", "brand_safety_flags"})
SUFFIXES = (".jsonl", ".json", ".ndjson", ".csv")


@dataclass(frozen=True)
class Reject:
    """One record that failed validation, and exactly why."""

    source: str
    line: int
    field: str | None
    message: str

    def __str__(self) -> str:
        where = f" ({self.field})" if self.field else ""
        return f"{self.source}:{self.line}{where}: {self.message}"


@dataclass
class ReadResult:
    creators: list[Creator] = field(default_factory=list)
    #: Content items for creators not in this batch: (creator_id, item, source, line).
    orphan_content: list[tuple[str, ContentItem, str, int]] = field(default_factory=list)
    rejects: list[Reject] = field(default_factory=list)
    lines: int = 0


def expand_paths(paths: Sequence[str | Path]) -> list[Path]:
    files: list[Path] = []
    for raw in paths:
        path = Path(raw)
        if path.is_dir():
            found = sorted(p for p in path.iterdir() if p.suffix.lower() in SUFFIXES)
            if not found:
                raise InvalidInput(f"{path}: no .jsonl or .csv files in this directory",
                                   field="paths")
            files.extend(found)
        elif path.is_file():
            files.append(path)
        else:
            raise InvalidInput(f"{path}: no such file or directory", field="paths")
    return files


def _set_path(target: dict[str, Any], dotted: str, value: Any) -> None:
    parts = dotted.split(".")
    for part in parts[:-1]:
        target = target.setdefault(part, {})
    target[parts[-1]] = value


def _csv_rows(path: Path) -> Iterator[tuple[int, Any]]:
    with path.open(newline="", encoding="utf-8") as handle:
        reader = csv.DictReader(handle)
        for row in reader:
            record: dict[str, Any] = {}
            for column, cell in row.items():
                if column is None or cell is None or cell.strip() == "":
                    continue
                cell = cell.strip()
                leaf = column.split(".")[-1]
                value: Any = [v.strip() for v in cell.split("|") if v.strip()] \
                    if leaf in LIST_FIELDS else cell
                _set_path(record, column.strip(), value)
            yield reader.line_num, record


def _json_rows(path: Path) -> Iterator[tuple[int, Any]]:
    with path.open(encoding="utf-8") as handle:
        for number, text in enumerate(handle, start=1):
            if not text.strip():
                continue
            try:
                yield number, json.loads(text)
            except json.JSONDecodeError as exc:
                yield number, exc


def raw_records(path: Path) -> Iterator[tuple[int, Any]]:
    """``(line, record_or_error)`` for every record of one file."""
    if path.suffix.lower() == ".csv":
        yield from _csv_rows(path)
    else:
        yield from _json_rows(path)


def _reject(source: str, line: int, exc: ValidationError, prefix: str = "") -> Reject:
    first = exc.errors()[0]
    name = field_path(tuple(first["loc"]))
    name = f"{prefix}{name}" if prefix and name else (name or prefix or "")
    message = first["msg"].removeprefix("Value error, ")
    return Reject(source, line, name or None, message)


def read_records(paths: Sequence[str | Path]) -> ReadResult:
    """Validate every record of ``paths``; collect good creators and every reject."""
    result = ReadResult()
    by_id: dict[str, tuple[Creator, str, int]] = {}
    pending_content: list[tuple[str, ContentItem, str, int]] = []
    for path in expand_paths(paths):
        source = str(path)
        for line, data in raw_records(path):
            result.lines += 1
            if isinstance(data, json.JSONDecodeError):
                result.rejects.append(Reject(source, line, None, f"invalid JSON: {data.msg}"))
                continue
            if not isinstance(data, dict):
                result.rejects.append(Reject(source, line, None, "a record must be an object"))
                continue
            if "creator_id" in data:
                owner = data.get("creator_id")
                if not isinstance(owner, str) or not owner:
                    result.rejects.append(Reject(source, line, "creator_id",
                                                 "must be a non-empty string"))
                    continue
                body = {k: v for k, v in data.items() if k != "creator_id"}
                try:
                    item = ContentItem.model_validate(body)
                except ValidationError as exc:
                    result.rejects.append(_reject(source, line, exc))
                    continue
                pending_content.append((owner, item, source, line))
                continue
            try:
                creator = Creator.model_validate(data)
            except ValidationError as exc:
                result.rejects.append(_reject(source, line, exc))
                continue
            if creator.id in by_id:
                _, first_source, first_line = by_id[creator.id]
                result.rejects.append(Reject(
                    source, line, "id",
                    f"duplicate creator id {creator.id!r} (first at {first_source}:{first_line})"))
                continue
            by_id[creator.id] = (creator, source, line)
    for owner, item, source, line in pending_content:
        if owner in by_id:
            creator = by_id[owner][0]
            if any(c.id == item.id for c in creator.content):
                result.rejects.append(Reject(source, line, "id",
                                             f"content id {item.id!r} appears twice for {owner}"))
                continue
            creator.content.append(item)
        else:
            result.orphan_content.append((owner, item, source, line))
    result.creators = [c for c, _, _ in by_id.values()]
    return result
