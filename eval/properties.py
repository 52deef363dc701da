"""Ranking properties beyond accuracy.

* **Tier mix**: the share of each follower tier in the top 20 against its share
  among well-fitting creators (grade >= 2). A ranker without celebrity bias
  shows micro and mid-tier creators about as often as they fit.
* **Constraint violations**: results breaking one of the brief's hard
  constraints, checked on the record by :func:`eval.constraints.violations`
  over the whole returned list. Must be 0.
* **Bought audiences and brand-safety problems** in the top 20 (the
  generator's truth), which the credibility work (issue 8) should push down.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from eval.constraints import violations
from eval.metrics import REL_LEVEL
from eval.trec import Qrels, Run
from indexer.sample_data import Latent
from schemas import Brief, Creator, tier_of
from schemas.brief import TIER_NAMES

TOP = 20
MIDDLE_TIERS = ("micro", "mid")


@dataclass(frozen=True)
class RankingProperties:
    top: int
    tier_share_top: dict[str, float]
    tier_share_relevant: dict[str, float]
    violations: int
    violations_by: dict[str, int]
    inflated_top: float
    unsafe_top: float

    @property
    def micro_mid_top(self) -> float:
        return sum(self.tier_share_top.get(t, 0.0) for t in MIDDLE_TIERS)

    @property
    def micro_mid_relevant(self) -> float:
        return sum(self.tier_share_relevant.get(t, 0.0) for t in MIDDLE_TIERS)

    def to_dict(self) -> dict[str, object]:
        return {"top": self.top, "tier_share_top": self.tier_share_top,
                "tier_share_relevant": self.tier_share_relevant,
                "micro_mid_top": round(self.micro_mid_top, 6),
                "micro_mid_relevant": round(self.micro_mid_relevant, 6),
                "violations": self.violations, "violations_by": self.violations_by,
                "inflated_top": round(self.inflated_top, 6),
                "unsafe_top": round(self.unsafe_top, 6)}


def ranking_properties(run: Run, qrels: Qrels, briefs: Mapping[str, Brief],
                       creators: Mapping[str, Creator], latent: Mapping[str, Latent],
                       top: int = TOP, now: float | None = None) -> RankingProperties:
    """Properties of ``run`` over the briefs in ``briefs`` (brief id -> brief)."""
    shown: Counter[str] = Counter()
    fitting: Counter[str] = Counter()
    broken: Counter[str] = Counter()
    n_violations = inflated = unsafe = n_top = 0
    for qid in sorted(briefs):
        brief = briefs[qid]
        ranked = run.get(qid, [])
        for cid, _ in ranked:
            creator = creators.get(cid)
            names = (violations(brief, creator, now) if creator is not None
                     else ["unknown_creator"])
            if names:
                n_violations += 1
                broken.update(names)
        for cid, _ in ranked[:top]:
            n_top += 1
            creator = creators.get(cid)
            shown[_tier(creator)] += 1
            truth = latent.get(cid)
            inflated += bool(truth and truth.inflated)
            unsafe += bool(truth and truth.unsafe)
        for cid, grade in qrels.get(qid, {}).items():
            if grade >= REL_LEVEL:
                fitting[_tier(creators.get(cid))] += 1
    return RankingProperties(
        top=top, tier_share_top=_shares(shown), tier_share_relevant=_shares(fitting),
        violations=n_violations, violations_by=dict(sorted(broken.items())),
        inflated_top=inflated / n_top if n_top else 0.0,
        unsafe_top=unsafe / n_top if n_top else 0.0,
    )


def _tier(creator: Creator | None) -> str:
    tier = tier_of(creator.followers) if creator is not None else None
    return tier or "unknown"


def _shares(counts: Counter[str]) -> dict[str, float]:
    total = sum(counts.values())
    names: Sequence[str] = (*TIER_NAMES, "unknown")
    return {t: round(counts[t] / total, 6) if total else 0.0 for t in names
            if t != "unknown" or counts[t]}
