"""The benchmark's briefs: English product briefs per niche, shaped into hard cases.

Each niche has two texts: a *direct* one in the words creators of the niche use,
and a *paraphrase* that says the same with other words ("cook without any
animal products" for vegan creators), so lexical overlap alone cannot win.
Every brief then gets one shape (:data:`KINDS`) that makes it hard in a known way.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from typing import Any

from indexer.sample_data import _BRANDS, AGE_PROFILES, NICHES
from schemas import AGE_BUCKETS

#: niche -> (direct text, paraphrase). Products are invented; briefs are English.
BRIEF_TEXTS: dict[str, tuple[str, str]] = {
    "vegan_food": (
        "Launching a vegan ready-meal range; looking for creators who cook quick "
        "plant-based dinners",
        "Our oat-based cheese alternative needs creators who cook without any animal "
        "products",
    ),
    "home_cooking": (
        "Cast iron cookware brand wants home cooks sharing easy family recipes and "
        "weeknight dinners",
        "Meal-kit startup seeking people who make everyday suppers for their household "
        "from scratch",
    ),
    "baking": (
        "Flour brand seeks home bakers making sourdough bread, cakes and cookies",
        "Stand mixer launch: we want people who love making loaves, pastries and sweet "
        "treats in their own oven",
    ),
    "fitness_nutrition": (
        "Launching a plant-based protein bar for gym-goers; want honest taste tests and "
        "high-protein meal prep",
        "Sports supplement brand looking for creators who count macros and cook "
        "muscle-building food in bulk",
    ),
    "strength_training": (
        "Gym equipment brand wants strength training creators sharing workouts and "
        "lifting tips",
        "Adjustable dumbbells launch: looking for coaches who help people build muscle "
        "with weights",
    ),
    "running": (
        "Running shoe launch; we want runners training for marathons and 10k races",
        "Sports watch brand seeking endurance athletes who log long distances on roads "
        "and trails",
    ),
    "yoga": (
        "Yoga mat brand looking for yoga teachers sharing flows, breathwork and "
        "mindfulness",
        "Meditation app wants calm creators who teach slow breathing and gentle "
        "movement for stress relief",
    ),
    "skincare": (
        "New niacinamide serum for sensitive, acne-prone skin; want skincare creators "
        "with honest reviews",
        "Face cream brand developed with dermatologists seeks creators who talk about "
        "complexion care, pimples and sun protection",
    ),
    "makeup": (
        "Cosmetics brand launching a long-wear foundation; want makeup artists doing "
        "tutorials",
        "Eyeshadow palette launch: people who demonstrate party and wedding looks with "
        "cosmetics",
    ),
    "fashion": (
        "Sustainable clothing label wants fashion creators sharing outfits, thrift hauls "
        "and capsule wardrobes",
        "Secondhand apparel marketplace seeking stylish people who show what they wear "
        "every day",
    ),
    "gaming": (
        "Gaming headset launch: want gamers and streamers playing Fortnite, Valorant "
        "and cozy games",
        "Energy drink brand looking for people who broadcast console and PC play "
        "sessions to their fans",
    ),
    "tech_reviews": (
        "Wireless earbuds launch; want tech reviewers doing honest gadget reviews and "
        "unboxings",
        "Electronics retailer seeking creators who put the latest phones and devices "
        "through their paces",
    ),
    "travel": (
        "Budget airline wants travel creators sharing city guides and itineraries",
        "Hostel booking app looking for explorers who visit new places on a shoestring",
    ),
    "hiking_camping": (
        "Outdoor gear brand seeking hiking and camping creators reviewing tents and "
        "backpacks",
        "Waterproof jacket launch: people who spend weekends in the mountains and sleep "
        "outside in the wilderness",
    ),
    "parenting": (
        "Baby stroller brand wants parenting creators sharing family life with toddlers",
        "Children's snack brand seeking mothers and fathers who show the reality of "
        "raising little ones",
    ),
    "personal_finance": (
        "Budgeting app launch: want personal finance creators on saving, budgeting and "
        "investing",
        "Neobank seeking creators who help young people manage their money and get out "
        "of debt",
    ),
    "crypto_trading": (
        "Crypto exchange wants creators covering Bitcoin, altcoins and day trading",
        "Brokerage platform seeking people who analyse price charts and digital "
        "currency markets",
    ),
    "music_covers": (
        "Guitar brand seeking singers and musicians posting covers and original songs",
        "Microphone launch: we want vocalists who perform their own versions of popular "
        "tracks",
    ),
    "dance": (
        "Dancewear brand wants dancers doing choreography and dance challenges",
        "Sneaker launch needs creators who move to trending sounds and teach routines",
    ),
    "comedy": (
        "Snack brand wants comedy creators making funny sketches and relatable skits",
        "Soft drink campaign seeking humorous storytellers who make people laugh about "
        "everyday life",
    ),
    "pets": (
        "Dog food brand seeks pet creators with dogs and cats, including dog training "
        "tips",
        "Pet insurance company wants creators who share life with their furry "
        "companions",
    ),
    "diy_home": (
        "Power tool brand wants DIY creators doing woodworking and home renovation "
        "projects",
        "Hardware store campaign seeking makers who build furniture and fix up old "
        "houses themselves",
    ),
    "interior_design": (
        "Furniture brand seeking interior design creators with cosy home decor and "
        "apartment tours",
        "Lighting company wants creators who make small rented flats look beautiful",
    ),
    "science_education": (
        "Online learning platform wants science educators explaining physics, biology "
        "and history",
        "Kids' experiment kit seeking teachers who make complicated ideas easy to "
        "understand",
    ),
    "football": (
        "Football boot launch wants football creators showing skills, goals and match "
        "reactions",
        "Ball brand seeking players who show off tricks and react to big games",
    ),
    "cars": (
        "Car care brand seeking car reviewers and detailing creators",
        "Tyre company wants automotive enthusiasts who test drive vehicles and work on "
        "their own motors",
    ),
    "booktok": (
        "Publisher launching a fantasy novel; want BookTok creators with book reviews",
        "E-reader brand seeking avid readers who recommend stories to their followers",
    ),
    "art": (
        "Art supplies brand wants painters and illustrators sharing drawing and "
        "watercolour tutorials",
        "Drawing tablet launch seeking creators who sketch and make pictures by hand",
    ),
}

#: Brief shapes, each a known difficulty:
#: ``open`` text only; ``market`` an English brief for a non-English market (creators
#: post in their language); ``budget`` a small budget (celebrities do not fit);
#: ``constraints`` hard filters that text-matching creators break; ``audience`` an
#: audience target with a hard age-share minimum; ``strict`` strict brand safety.
KINDS: tuple[str, ...] = ("open", "market", "budget", "constraints", "audience", "strict")
#: Niches whose creators carry most brand-safety risk: one of their briefs is strict.
RISKY_NICHES = ("gaming", "comedy", "crypto_trading", "football")
#: Non-English markets for ``market`` briefs (English text, local creators).
MARKETS: tuple[tuple[str, ...], ...] = (
    ("DE", "AT", "CH"), ("ES", "MX", "AR"), ("FR", "BE"), ("BR", "PT"), ("IT",), ("JP",),
    ("KR",), ("PL",), ("NL", "BE"),
)
#: English-speaking markets for ``constraints`` and ``audience`` briefs.
ENGLISH_MARKETS: tuple[tuple[str, ...], ...] = (
    ("US",), ("GB", "IE"), ("US", "CA"), ("AU",), ("US", "GB", "CA", "AU"),
)
OBJECTIVES = ("awareness", "consideration", "engagement", "conversions")


@dataclass(frozen=True)
class BriefDraft:
    """A brief before judging: its niche, related niches, text style, shape and fields."""

    niche: str
    related: tuple[str, ...]
    style: str  # "direct" | "paraphrase"
    kind: str
    text: str
    #: Seeds the brief's own random choices (objective, optional budget).
    key: str
    split: str = "train"

    def fields(self, option: int) -> dict[str, Any]:
        """The brief's fields with variant ``option`` of its shape."""
        return shape(self.kind, self.niche, self.text, random.Random(self.key), option)


def related_niches(niche: str) -> tuple[str, ...]:
    """The neighbouring niches a brief about ``niche`` also welcomes (graded 1)."""
    return NICHES[niche].near[:2]


def shape(kind: str, niche: str, text: str, rng: random.Random, option: int) -> dict[str, Any]:
    """Brief fields for ``kind``; ``option`` picks among the kind's variants (markets...)."""
    fields: dict[str, Any] = {"text": text, "objective": rng.choice(OBJECTIVES)}
    if kind == "market":
        market = MARKETS[option % len(MARKETS)]
        fields["countries"] = list(market)
        fields["audience"] = {"countries": list(market)}
    elif kind == "budget":
        fields["objective"] = "conversions"
        wanted = (5, 10, 15)[option % 3]
        fields["creators_wanted"] = wanted
        fields["budget"] = {"total": float(wanted * (150, 300, 600)[(option // 3) % 3]),
                            "currency": "EUR"}
    elif kind == "constraints":
        market = ENGLISH_MARKETS[option % len(ENGLISH_MARKETS)]
        fields["countries"] = list(market)
        fields["languages"] = ["en"]
        fields["followers"] = {"min": 5_000, "max": 300_000}
        fields["min_engagement_rate"] = 0.03
    elif kind == "audience":
        market = ENGLISH_MARKETS[option % len(ENGLISH_MARKETS)]
        profile = AGE_PROFILES[NICHES[niche].ages]
        best = max(range(len(profile) - 1), key=lambda i: profile[i] + profile[i + 1])
        ages = [AGE_BUCKETS[best], AGE_BUCKETS[best + 1]]
        female = NICHES[niche].female
        gender = "female" if female >= 0.7 else "male" if female <= 0.3 else "any"
        fields["audience"] = {"age": ages, "gender": gender, "countries": list(market),
                              "min_share": {"age": 0.4}}
    elif kind == "strict":
        fields["brand_safety"] = "strict"
    if kind in ("open", "strict", "audience") and rng.random() < 0.3:
        fields["budget"] = {"total": float(rng.choice((10_000, 25_000, 60_000))),
                            "currency": "EUR"}
    return fields


#: Share of benchmark briefs naming competitors (exclude mode, one-year window).
COMPETITOR_SHARE = 0.4


def collaboration_fields(niche: str, brief_id: str, seed: int) -> dict[str, Any]:
    """The brief's brand category (its niche's first category) and, for about
    :data:`COMPETITOR_SHARE` of briefs, two competitor brands of that category.

    Drawn from their own random stream (seeded by brief id), after the briefs are
    chosen, so every other draw, text and choice of the benchmark stays as it was.
    """
    category = NICHES[niche].categories[0]
    fields: dict[str, Any] = {"brand_category": category}
    rng = random.Random(f"scout-eval/competitors/{seed}/{brief_id}")
    brands = sorted(_BRANDS.get(category, ()))
    if brands and rng.random() < COMPETITOR_SHARE:
        picked = rng.sample(brands, min(2, len(brands)))
        # as a brand would type them: case and spacing differ from the records
        fields["competitors"] = {"brands": [b.upper() if i else b.replace(" ", "")
                                            for i, b in enumerate(picked)],
                                 "window_days": 365, "mode": "exclude"}
    return fields


def drafts(seed: int) -> list[BriefDraft]:
    """Every candidate brief (two per niche), with its split and shape, in a seeded order.

    Splits go by niche: a seeded half of the niches is ``train``, the rest
    ``test``, so tuning never sees a test brief's topic. Within each split the
    shapes cycle through :data:`KINDS`, so both splits hold every hard case about
    equally; one brief of each risky niche is strict. Shape variants (markets,
    budgets) are chosen later (:func:`eval.benchmark.make_benchmark` tries them
    until enough creators are relevant).
    """
    rng = random.Random(f"scout-eval/briefs/{seed}")
    niches = sorted(BRIEF_TEXTS)
    rng.shuffle(niches)
    split_of = {niche: "train" if i < len(niches) // 2 else "test"
                for i, niche in enumerate(niches)}
    pairs = [(niche, style) for niche in sorted(BRIEF_TEXTS) for style in ("direct", "paraphrase")]
    rng.shuffle(pairs)
    out: list[BriefDraft] = []
    strict_done: set[str] = set()
    turn = {"train": 0, "test": 0}
    for niche, style in pairs:
        split = split_of[niche]
        kind = KINDS[turn[split] % len(KINDS)]
        turn[split] += 1
        if niche in RISKY_NICHES and niche not in strict_done:
            kind = "strict"
        if kind == "strict":
            strict_done.add(niche)
        text = BRIEF_TEXTS[niche][0 if style == "direct" else 1]
        out.append(BriefDraft(niche, related_niches(niche), style, kind, text,
                              f"scout-eval/brief/{seed}/{niche}/{style}", split))
    return out
