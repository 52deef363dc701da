"""Outcomes of past collaborations, as the ``past_performance`` signal reads them.

A tenant records what its collaborations returned (``POST /v1/feedback``: views,
clicks, conversions, spend, rating). The ranker sees them through one small
protocol, :class:`OutcomeSource`, with two real implementations: the API's
per-tenant SQLite store (``search_api.accounts.feedback``) and
:class:`OutcomeLog`, the same records held in memory — what ``scout match
--outcomes FILE``, an engine's ``outcomes`` setting and the evaluation benchmark
(``outcomes.jsonl``) use. Both aggregate per creator and hand the sums to
:func:`past_performance`, so a file and the API score the same records alike.

The score is bounded: in [0, 1], 0.5 for "no evidence either way"; the
conversion rate per click is shrunk towards the tenant's own rate with
:data:`PRIOR_CLICKS` pseudo-clicks, so one lucky collaboration cannot dominate,
and every creator stays at 0.5 until the tenant has
:data:`MIN_RECORDS_FOR_SCORES` records.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Protocol

from pydantic import ValidationError

from schemas.api import FeedbackCreate
from schemas.brief import CURRENCY_TO_EUR
from scout.errors import InvalidInput

#: Below this many feedback records a tenant's scores stay neutral (0.5).
MIN_RECORDS_FOR_SCORES = 20
#: Pseudo-clicks of the tenant-wide conversion rate mixed into each creator's rate.
PRIOR_CLICKS = 200.0
#: Pseudo-ratings at the neutral value mixed into a creator's average rating.
PRIOR_RATINGS = 3.0
#: Fields the API adds to a recorded feedback item; a file exported from
#: ``GET /v1/feedback`` carries them and the loader drops them.
ANSWER_ONLY = ("id", "spend_eur", "created_at")


@dataclass(frozen=True)
class Totals:
    """One creator's recorded outcomes, summed."""

    collaborations: int = 0
    views: int = 0
    clicks: int = 0
    conversions: int = 0
    spend_eur: float = 0.0
    rating_sum: float = 0.0
    rated: int = 0


@dataclass(frozen=True)
class Evidence:
    """A creator's ``past_performance`` value and what it rests on (for the reasons)."""

    score: float
    collaborations: int = 0
    conversion_rate: float | None = None
    tenant_rate: float | None = None
    avg_rating: float | None = None

    def reason(self) -> str | None:
        """"3 past campaigns, 2.1% conversion (your average 1.4%)"; None without evidence."""
        if self.collaborations == 0:
            return None
        plural = "s" if self.collaborations != 1 else ""
        parts = [f"{self.collaborations} past campaign{plural}"]
        if self.conversion_rate is not None:
            rate = f"{self.conversion_rate * 100:.1f}% conversion"
            if self.tenant_rate:
                rate += f" (your average {self.tenant_rate * 100:.1f}%)"
            parts.append(rate)
        elif self.avg_rating is not None:
            parts.append(f"rated {self.avg_rating:.1f}/5")
        return ", ".join(parts)


NEUTRAL = Evidence(0.5)


class OutcomeSource(Protocol):
    """Where a ranking reads past outcomes from (one tenant's)."""

    def past_performance(self, ids: Sequence[str]) -> dict[str, Evidence]:
        """Evidence for each id in ``ids`` (:data:`NEUTRAL` where there is none)."""
        ...


def past_performance(ids: Sequence[str], totals: Mapping[str, Totals], *, records: int,
                     clicks: int, conversions: int) -> dict[str, Evidence]:
    """Score ``ids`` from per-creator ``totals`` and the tenant's overall counts.

    With clicks: the conversion rate per click shrunk towards the tenant's rate
    ``b`` with :data:`PRIOR_CLICKS` pseudo-clicks, mapped by ``r / (r + b)`` (0.5 at
    the tenant's average). Without clicks: the average rating mapped to [0, 1]
    by ``(r - 1) / 4`` and shrunk towards 0.5 by ``n / (n + 3)``. Every creator
    scores 0.5 while the tenant has fewer than :data:`MIN_RECORDS_FOR_SCORES` records.
    """
    out = dict.fromkeys(ids, NEUTRAL)
    if records < MIN_RECORDS_FOR_SCORES or not ids:
        return out
    base = conversions / clicks if clicks else 0.0
    for cid in out:
        got = totals.get(cid)
        if got is None or got.collaborations == 0:
            continue
        rating = got.rating_sum / got.rated if got.rated else None
        if got.clicks and base > 0:
            rate = (got.conversions + PRIOR_CLICKS * base) / (got.clicks + PRIOR_CLICKS)
            out[cid] = Evidence(round(rate / (rate + base), 6), got.collaborations,
                                got.conversions / got.clicks, base, rating)
        elif rating is not None:
            shrink = got.rated / (got.rated + PRIOR_RATINGS)
            out[cid] = Evidence(round(0.5 + ((rating - 1) / 4 - 0.5) * shrink, 6),
                                got.collaborations, None, None, rating)
        else:
            out[cid] = Evidence(0.5, got.collaborations)
    return out


class OutcomeLog:
    """Feedback records held in memory: an :class:`OutcomeSource` for files and tests."""

    def __init__(self, records: Iterable[FeedbackCreate]) -> None:
        sums: dict[str, list[float]] = {}
        self.records = 0
        self.clicks = 0
        self.conversions = 0
        for rec in records:
            self.records += 1
            self.clicks += rec.clicks
            self.conversions += rec.conversions
            row = sums.setdefault(rec.creator_id, [0, 0, 0, 0, 0.0, 0.0, 0])
            row[0] += 1
            row[1] += rec.views
            row[2] += rec.clicks
            row[3] += rec.conversions
            row[4] += rec.spend * CURRENCY_TO_EUR[rec.currency]
            if rec.rating is not None:
                row[5] += rec.rating
                row[6] += 1
        self.totals = {cid: Totals(int(r[0]), int(r[1]), int(r[2]), int(r[3]), round(r[4], 2),
                                   float(r[5]), int(r[6])) for cid, r in sums.items()}

    def past_performance(self, ids: Sequence[str]) -> dict[str, Evidence]:
        return past_performance(ids, self.totals, records=self.records, clicks=self.clicks,
                                conversions=self.conversions)

    @classmethod
    def from_file(cls, path: str | Path) -> OutcomeLog:
        return cls(load_outcomes(path))


def load_outcomes(path: str | Path) -> list[FeedbackCreate]:
    """Read a JSONL file of feedback records: the body ``POST /v1/feedback`` takes, or
    an item ``GET /v1/feedback`` returns (its ``id``, ``spend_eur`` and ``created_at``
    are dropped). A bad line is an error naming the file, line and field."""
    file = Path(path)
    if not file.is_file():
        raise InvalidInput(f"outcomes file {file} does not exist", field="outcomes")
    out: list[FeedbackCreate] = []
    with file.open(encoding="utf-8") as handle:
        for number, line in enumerate(handle, start=1):
            if not line.strip():
                continue
            where = f"{file}:{number}"
            try:
                data = json.loads(line)
            except json.JSONDecodeError as exc:
                raise InvalidInput(f"{where}: not valid JSON ({exc.msg})",
                                   field="outcomes") from None
            if not isinstance(data, dict):
                raise InvalidInput(f"{where}: each line must be a JSON object", field="outcomes")
            for key in ANSWER_ONLY:
                data.pop(key, None)
            try:
                out.append(FeedbackCreate.model_validate(data))
            except ValidationError as exc:
                err = exc.errors()[0]
                name = ".".join(str(p) for p in err["loc"]) or "outcomes"
                raise InvalidInput(f"{where}: {name}: {err['msg']}", field=name) from None
    return out


def write_outcomes(records: Iterable[FeedbackCreate], path: str | Path) -> None:
    """One record a line, sorted keys, defaults left out: what :func:`load_outcomes` reads."""
    file = Path(path)
    temp = file.with_name(f".{file.name}.tmp")
    with temp.open("w", encoding="utf-8", newline="\n") as handle:
        for rec in records:
            body = rec.model_dump(mode="json", exclude_defaults=True)
            body["creator_id"] = rec.creator_id
            handle.write(json.dumps(body, sort_keys=True, ensure_ascii=False) + "\n")
    temp.replace(file)
