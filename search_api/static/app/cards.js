// Creator cards shared by the results, search and lookalike lists.

import { fmtCompact, fmtDate, fmtEur, fmtPct, h, highlighted, hueOf, initials, platformName, titleCase } from "./dom.js";

/** Signal names as people read them, with what each measures (from ranker/signals.py). */
export const SIGNALS = {
  content_similarity: ["Content match", "How close the creator's best-matching post is to the brief"],
  profile_similarity: ["Profile match", "How close the creator's profile is to the brief"],
  lexical: ["Keywords", "The brief's words in the profile and posts (BM25)"],
  audience_fit: ["Audience fit", "Share of the audience in the target countries, ages and gender"],
  engagement: ["Engagement", "Engagement rate against the median of the creator's follower tier"],
  performance: ["Reach", "Average views relative to followers"],
  cost_efficiency: ["Cost fit", "How the estimated post price fits the budget per creator"],
  brand_safety: ["Brand safety", "Lower with each brand-safety flag"],
  recency: ["Recency", "How recently the creator posted"],
  past_performance: ["Past results", "Outcomes your team recorded with this creator"],
};

export function signalLabel(name) {
  return (SIGNALS[name] || [titleCase(name)])[0];
}

function signalIndex(name) {
  const i = Object.keys(SIGNALS).indexOf(name);
  return i < 0 ? 9 : i;
}

export function avatar(creator, size = "") {
  return h("span", { class: ["avatar", hueOf(creator.id), size], "aria-hidden": "true" }, initials(creator));
}

export function creatorHead(creator, { rank, headingLevel = "h3" } = {}) {
  const meta = [platformName(creator.platform), creator.country, creator.tier && `${titleCase(creator.tier)} tier`]
    .filter(Boolean);
  return h("div", { class: "card-head" },
    rank ? h("span", { class: "rank", "aria-label": `Rank ${rank}` }, `${rank}`) : null,
    avatar(creator),
    h("div", { class: "who-block" },
      h(headingLevel, { class: "handle" },
        h("a", { href: `#/creator/${encodeURIComponent(creator.id)}`, class: "profile-link" }, creator.handle || creator.id)),
      h("p", { class: "subline" },
        creator.display_name ? h("span", { class: "display-name" }, creator.display_name) : null,
        meta.map((m) => h("span", { class: "meta" }, m)))));
}

export function statLine(creator) {
  const stat = (label, value, cls) => h("div", { class: ["stat", cls] }, h("dt", {}, label), h("dd", {}, value));
  return h("dl", { class: "stats" },
    stat("Followers", fmtCompact(creator.followers), "stat-followers"),
    stat("Engagement", fmtPct(creator.engagement_rate), "stat-engagement"),
    stat("Avg. views", fmtCompact(creator.avg_views), "stat-views"),
    stat("Est. cost / post", fmtEur(creator.estimated_cost_eur), "stat-cost"));
}

/**
 * The score and its breakdown: a stacked bar of contributions and, per signal, a bar whose
 * track is the signal's weight and whose fill is the contribution (so lengths add up to the score).
 */
export function breakdown(result, weights) {
  const names = Object.keys(result.breakdown).sort((a, b) => signalIndex(a) - signalIndex(b));
  const maxWeight = Math.max(...names.map((n) => weights[n] || 0), 0.0001);
  const stacked = h("div", { class: "stacked", role: "img",
    "aria-label": `Score ${Math.round(result.score * 100)} of 100` });
  for (const n of names) {
    const seg = h("span", { class: `seg sig-${signalIndex(n)}`, title: `${signalLabel(n)} +${(result.breakdown[n] * 100).toFixed(1)}` });
    seg.style.width = `${Math.max(0, result.breakdown[n]) * 100}%`;
    stacked.append(seg);
  }
  const rows = names.map((n) => {
    const weight = weights[n] || result.breakdown[n];
    const raw = result.signals ? result.signals[n] : (weight ? result.breakdown[n] / weight : 0);
    const track = h("span", { class: "track" });
    track.style.width = `${(weight / maxWeight) * 100}%`;
    const fill = h("span", { class: `fill sig-${signalIndex(n)}` });
    fill.style.width = `${Math.max(0, Math.min(1, raw)) * 100}%`;
    track.append(fill);
    const [label, what] = SIGNALS[n] || [titleCase(n), ""];
    return h("li", { class: "signal", dataset: { signal: n } },
      h("span", { class: "signal-name", title: what }, label),
      h("span", { class: "bar", role: "img",
        "aria-label": `${label}: ${Math.round(raw * 100)} of 100, adds ${(result.breakdown[n] * 100).toFixed(1)} points` }, track),
      h("span", { class: "signal-value" }, `+${(result.breakdown[n] * 100).toFixed(1)}`));
  });
  return h("div", { class: "breakdown" },
    h("div", { class: "score-line" },
      h("span", { class: "score", title: "Score out of 100: the sum of the signal contributions" },
        h("strong", {}, String(Math.round(result.score * 100))), h("span", { class: "of" }, "/100")),
      stacked),
    h("ul", { class: "signals", "aria-label": "Score breakdown" }, rows));
}

export function snippets(items, { limit = 3 } = {}) {
  if (!items || !items.length) return null;
  return h("ul", { class: "snippets", "aria-label": "Matching content" },
    items.slice(0, limit).map((m) => {
      const words = new Set((m.highlights || []).map((w) => w.toLowerCase()));
      return h("li", { class: "snippet" },
        h("p", { class: "caption" }, m.caption ? highlighted(m.caption, m.highlights) : h("span", { class: "muted" }, "(no caption)")),
        m.hashtags && m.hashtags.length
          ? h("p", { class: "tags" }, m.hashtags.slice(0, 6).map((t) => words.has(t) ? h("mark", { class: "hashtag" }, `#${t}`) : h("span", { class: "hashtag" }, `#${t}`)))
          : null,
        h("p", { class: "snippet-meta" },
          h("span", {}, `${Math.round(m.similarity * 100)}% similar`),
          m.views !== null && m.views !== undefined ? h("span", {}, `${fmtCompact(m.views)} views`) : null,
          m.posted_at ? h("span", {}, fmtDate(m.posted_at)) : null));
    }));
}

export function actions(creator, handlers) {
  return h("div", { class: "card-actions" },
    h("a", { class: "btn btn-small", href: `#/creator/${encodeURIComponent(creator.id)}`,
      "aria-label": `View profile of ${creator.handle || creator.id}` }, "View profile"),
    h("a", { class: "btn btn-small", href: `#/similar/${encodeURIComponent(creator.id)}`,
      "aria-label": `More creators like ${creator.handle || creator.id}` }, "More like this"),
    h("button", { type: "button", class: "btn btn-small btn-accent add-shortlist",
      "aria-label": `Add ${creator.handle || creator.id} to a shortlist`,
      onclick: () => handlers.addToShortlist(creator) }, "Add to shortlist"));
}

const seen = new Map();
/** Show "much like ... above" from this similarity on (lower values are ordinary overlap). */
const REDUNDANT = 0.6;

/** Remember handles of rendered creators (to name the one a result resembles). */
function handleOf(id) {
  return seen.get(id) || id;
}

/** A ranked match: who, stats, score breakdown, reasons, matched content, actions. */
export function resultCard(result, rank, weights, handlers) {
  const c = result.creator;
  seen.set(result.creator_id, c.handle || result.creator_id);
  return h("li", { class: "card result", dataset: { creatorId: result.creator_id } },
    h("div", { class: "card-top" }, creatorHead(c, { rank }), statLine(c)),
    h("div", { class: "card-body" },
      h("div", { class: "why" },
        h("h4", { class: "section-label" }, "Why this creator"),
        h("ul", { class: "reasons" }, result.reasons.map((r) => h("li", {}, r))),
        result.redundant_with && result.redundancy >= REDUNDANT ? h("p", { class: "redundant" },
          `Much like ${handleOf(result.redundant_with)} ranked above`,
          ` (${Math.round(result.redundancy * 100)}% similar)`) : null,
        snippets(result.matched_content)),
      breakdown(result, weights)),
    actions(c, handlers));
}

/** A search hit or lookalike: who, stats, matched content, actions. */
export function hitCard(hit, handlers, { scoreLabel = "relevance" } = {}) {
  const c = hit.creator;
  return h("li", { class: "card hit", dataset: { creatorId: hit.creator_id } },
    h("div", { class: "card-top" }, creatorHead(c), statLine(c)),
    h("div", { class: "hit-body" },
      c.bio ? h("p", { class: "bio" }, c.bio) : null,
      c.categories && c.categories.length ? h("p", { class: "chips-line" }, c.categories.map((t) => h("span", { class: "chip" }, t))) : null,
      snippets(hit.matched_content, { limit: 2 }),
      scoreLabel ? h("p", { class: "hit-score muted" }, `${scoreLabel} ${hit.score.toFixed(3)}`) : null),
    actions(c, handlers));
}
