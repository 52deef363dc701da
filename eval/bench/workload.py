"""Query workloads: briefs and searches whose hard filters keep a chosen share of creators.

A filter of a given selectivity is built like a real one (a country, a category,
a language) and then tightened with a minimum follower count until it keeps as
close to the target share as the data allow. The achieved share is recorded
with every query.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from typing import Any

import numpy as np

from indexer.stores.base import Backend

SELECTIVITIES = (1.0, 0.1, 0.01, 0.001)

BRIEF_TEXTS = (
    "Launching a plant-based protein bar for gym-goers; want honest taste tests",
    "Vegan meal kit for busy parents, quick weeknight dinners",
    "New budget gaming headset, looking for streamers who review gear",
    "Sustainable skincare line for sensitive skin, morning routines",
    "Travel backpack for digital nomads, packing tips and city guides",
    "Running shoes for beginners training for a first marathon",
    "Home coffee machine, latte art and cozy morning content",
    "Language learning app, fun lessons for Spanish and French",
    "Family board game night, playful videos with kids",
    "Eco-friendly cleaning products, home organisation hacks",
    "Budget fashion haul for students, affordable outfits",
    "Mobile game launch, strategy tips and challenge videos",
    "Fitness tracker for yoga and pilates lovers",
    "Craft beer brand, food pairing and barbecue recipes",
    "Pet food for senior dogs, vet advice and daily walks",
    "Electric scooter for city commuters, safety and reviews",
)
SEARCH_TEXTS = (
    "vegan recipes", "gaming setup", "skincare routine", "marathon training", "budget travel",
    "home workout", "latte art", "street food", "makeup tutorial", "dog training",
    "book review", "diy crafts", "fashion haul", "camping gear", "piano cover", "baking",
)


@dataclass(frozen=True)
class Query:
    """One benchmark query: filters as brief/search fields, a text, a query vector index."""

    selectivity: float
    achieved: float
    fields: dict[str, Any]
    text: str
    search_text: str
    vector: int


def _table(backend: Backend) -> dict[str, Any]:
    db: Any = backend.docs.db  # type: ignore[attr-defined]
    rows = db.query("SELECT id, country, followers FROM creators")
    cats: dict[str, list[str]] = {}
    langs: dict[str, list[str]] = {}
    for field, value, cid in db.query("SELECT field, value, creator_id FROM creator_terms"):
        (cats if field == "category" else langs).setdefault(cid, []).append(value)
    ids = [r[0] for r in rows]
    return {
        "ids": ids,
        "country": np.array([r[1] or "" for r in rows]),
        "followers": np.array([r[2] if r[2] is not None else -1 for r in rows], dtype=np.int64),
        "category": [cats.get(i, []) for i in ids],
        "language": [langs.get(i, []) for i in ids],
    }


def _base(t: dict[str, Any], rng: random.Random, target: int) -> tuple[dict[str, Any],
                                                                      np.ndarray] | None:
    """A realistic base filter with at least ``target`` creators, and who passes it."""
    n = len(t["ids"])
    for _ in range(50):
        pick = rng.randrange(n)
        kind = rng.choice(["country", "category", "country+category", "language+category"])
        fields: dict[str, Any] = {}
        mask = np.ones(n, dtype=bool)
        if "country" in kind and t["country"][pick]:
            fields["countries"] = [str(t["country"][pick])]
            mask &= t["country"] == t["country"][pick]
        if "category" in kind and t["category"][pick]:
            cat = rng.choice(t["category"][pick])
            fields["categories"] = [cat]
            mask &= np.array([cat in c for c in t["category"]])
        if "language" in kind and t["language"][pick]:
            lang = rng.choice(t["language"][pick])
            fields["languages"] = [lang]
            mask &= np.array([lang in c for c in t["language"]])
        if fields and mask.sum() >= target:
            return fields, mask
    return None


def build(backend: Backend, n_queries: int, n_vectors: int, seed: int = 7
          ) -> dict[float, list[Query]]:
    """``n_queries`` queries per selectivity, each filter calibrated on this corpus."""
    rng = random.Random(seed)
    t = _table(backend)
    n = len(t["ids"])
    out: dict[float, list[Query]] = {}
    for sel in SELECTIVITIES:
        queries: list[Query] = []
        target = max(1, round(n * sel))
        for q in range(n_queries):
            text, search = rng.choice(BRIEF_TEXTS), rng.choice(SEARCH_TEXTS)
            vector = rng.randrange(n_vectors)
            if sel >= 1.0:
                queries.append(Query(sel, 1.0, {}, text, search, vector))
                continue
            base = _base(t, rng, target) if q % 4 else None
            fields, mask = base if base is not None else ({}, np.ones(n, dtype=bool))
            followers = np.sort(t["followers"][mask])[::-1]
            floor = int(followers[min(target, followers.size) - 1])
            fields = {**fields, "followers": {"min": max(floor, 0)}}
            achieved = int((mask & (t["followers"] >= floor)).sum()) / n
            queries.append(Query(sel, achieved, fields, text, search, vector))
        out[sel] = queries
    return out
