// A creator's profile (stats, audience, tier benchmark, recent content) and its lookalikes.

import { call, enc, query } from "./api.js";
import { avatar, hitCard } from "./cards.js";
import { ageChart, benchmarkBars, genderChart, shareBars } from "./charts.js";
import { $, clear, fill, fmtCompact, fmtDate, fmtEur, fmtInt, fmtPct, h, platformName, titleCase } from "./dom.js";

let handlers = null;

export function initProfile(h_) { handlers = h_; }

function backLink() {
  return h("a", { href: "#", class: "back", onclick: (ev) => { ev.preventDefault(); history.length > 1 ? history.back() : (location.hash = "#/match"); } },
    "← Back");
}

function loading(view, text) {
  clear(view).append(h("p", { class: "muted loading", role: "status" }, text));
}

export async function showProfile(id) {
  const view = $("#view-creator");
  loading(view, "Loading profile…");
  let profile;
  try {
    profile = await call("GET", `/v1/creators/${enc(id)}`);
  } catch (err) {
    clear(view).append(backLink(), h("p", { class: "error-text", role: "alert" }, err.message));
    return;
  }
  const c = profile.creator;
  const s = profile.summary;
  const category = (s.categories || [])[0];
  const [inCategory, overall] = await Promise.all([
    category ? call("GET", `/v1/stats/tiers${query({ category })}`).catch(() => null) : Promise.resolve(null),
    call("GET", "/v1/stats/tiers").catch(() => null),
  ]);

  const title = h("h1", { id: "profile-title", tabindex: "-1" }, s.display_name || s.handle || s.id);
  fill(view,
    backLink(),
    h("section", { class: "panel profile-head", "aria-labelledby": "profile-title" },
      avatar(s, "avatar-large"),
      h("div", { class: "profile-id" },
        title,
        h("p", { class: "subline" },
          h("span", { class: "handle-text" }, s.handle || s.id),
          [platformName(s.platform), s.country, s.tier && `${titleCase(s.tier)} tier`,
            (s.languages || []).length ? `speaks ${s.languages.join(", ")}` : null]
            .filter(Boolean).map((m) => h("span", { class: "meta" }, m))),
        s.bio ? h("p", { class: "bio" }, s.bio) : null,
        h("p", { class: "chips-line" },
          (s.categories || []).map((t) => h("span", { class: "chip" }, t)),
          (s.brand_safety_flags || []).map((f) => h("span", { class: "chip chip-warn", title: "Brand-safety flag" }, `⚠ ${f}`)),
          profile.excluded ? h("span", { class: "chip chip-warn" }, "On your exclusion list") : null)),
      h("div", { class: "profile-actions" },
        h("button", { type: "button", class: "btn btn-accent add-shortlist", onclick: () => handlers.addToShortlist(s) }, "Add to shortlist"),
        h("a", { class: "btn", href: `#/similar/${enc(s.id)}` }, "More like this"))),
    tiles(s),
    h("div", { class: "profile-grid" },
      benchmarkPanel(s, category, inCategory, overall),
      audiencePanel(s.audience)),
    contentPanel(c.content || []),
    collaborationsPanel(c.brand_collaborations || []),
    profile.performance ? performancePanel(profile.performance) : null);
  document.title = `${s.handle || s.id} · Scout`;
  title.focus({ preventScroll: true });
}

function tiles(s) {
  const tile = (label, value, note) => h("div", { class: "tile" }, h("dt", {}, label), h("dd", {}, value, note ? h("small", {}, note) : null));
  return h("dl", { class: "tiles", "aria-label": "Key stats" },
    tile("Followers", fmtCompact(s.followers)),
    tile("Average views", fmtCompact(s.avg_views), s.followers && s.avg_views ? `${fmtPct(s.avg_views / s.followers, 0)} of followers` : null),
    tile("Engagement rate", fmtPct(s.engagement_rate)),
    tile("Est. cost per post", fmtEur(s.estimated_cost_eur)),
    tile("Last posted", fmtDate(s.last_posted_at)),
    tile("Posts indexed", fmtInt(s.content_count)),
    tile("Credibility", s.credibility ? s.credibility.score.toFixed(2) : "–",
      s.credibility && s.credibility.reasons.length ? s.credibility.reasons[0].text : null),
    tile("Follower growth, 90 days", growth(s.follower_growth_90d),
      s.follower_growth_30d === null || s.follower_growth_30d === undefined ? null : `${growth(s.follower_growth_30d)} in 30 days`));
}

function growth(g) {
  return g === null || g === undefined ? "–" : `${g >= 0 ? "+" : ""}${fmtPct(g)}`;
}

function tierRow(stats, tier) {
  return stats ? stats.tiers.find((t) => t.tier === tier) : null;
}

function benchmarkPanel(s, category, inCategory, overall) {
  const tier = s.tier || "micro";
  const peer = tierRow(inCategory, tier);
  const all = tierRow(overall, tier);
  const er = s.engagement_rate;
  const rows = [["This creator", er, null, "self"]];
  if (peer && peer.median_engagement_rate !== null) {
    rows.push([`Median ${tier} · ${category}`, peer.median_engagement_rate,
      `${peer.measured} creator${peer.measured === 1 ? "" : "s"}; middle half ${fmtPct(peer.p25_engagement_rate)}–${fmtPct(peer.p75_engagement_rate)}`, "peer"]);
  }
  if (all && all.median_engagement_rate !== null) {
    rows.push([`Median ${tier} · all categories`, all.median_engagement_rate, `${all.measured} creators`, "peer-all"]);
  }
  const reference = (all || peer) ? (all || peer).reference_engagement_rate : null;
  if (reference !== null) rows.push([`Scout's ${tier} reference`, reference, "the engagement signal's midpoint", "ref"]);

  const basis = peer && peer.measured >= 3 ? [peer, `${tier} ${category} creator`] : all && all.measured ? [all, `${tier} creator`] : null;
  let verdict = "Not enough data to compare.";
  if (er !== null && er !== undefined && basis && basis[0].median_engagement_rate) {
    const ratio = er / basis[0].median_engagement_rate;
    verdict = ratio >= 1.05
      ? `${ratio.toFixed(1)}× the engagement of the median ${basis[1]}.`
      : ratio <= 0.95
        ? `Below the median ${basis[1]}: ${ratio.toFixed(1)}× its engagement.`
        : `About as engaged as the median ${basis[1]}.`;
  }
  return h("section", { class: "panel benchmark", "aria-labelledby": "bench-title" },
    h("h2", { id: "bench-title" }, "Tier benchmark"),
    h("p", { class: "verdict", id: "bench-verdict" }, verdict),
    benchmarkBars(rows),
    h("p", { class: "hint" }, "Engagement = (likes + comments + shares) / views, median over recent posts."));
}

function audiencePanel(audience) {
  const body = !audience || (!audience.age && !audience.gender && !audience.countries)
    ? [h("p", { class: "muted" }, "No audience data on record for this creator.")]
    : [
      h("div", { class: "aud-block aud-age" }, h("h3", {}, "Age"), ageChart(audience.age || {})),
      h("div", { class: "aud-side" },
        h("div", { class: "aud-block aud-gender" }, h("h3", {}, "Gender"), genderChart(audience.gender || {})),
        h("div", { class: "aud-block aud-countries" }, h("h3", {}, "Top countries"),
          shareBars(audience.countries || {}, { label: "Audience by country" }))),
    ];
  return h("section", { class: "panel audience", "aria-labelledby": "aud-title" },
    h("h2", { id: "aud-title" }, "Audience"), h("div", { class: "aud-grid" }, body));
}

function contentPanel(content) {
  const posts = [...content].sort((a, b) => String(b.posted_at || "").localeCompare(String(a.posted_at || ""))).slice(0, 10);
  const er = (p) => (p.views ? ((p.likes || 0) + (p.comments || 0) + (p.shares || 0)) / p.views : null);
  return h("section", { class: "panel", "aria-labelledby": "content-title" },
    h("h2", { id: "content-title" }, "Recent content"),
    posts.length ? h("div", { class: "table-wrap" }, h("table", { class: "table content-table" },
      h("caption", { class: "sr-only" }, "Recent posts with their metrics"),
      h("thead", {}, h("tr", {}, ["Post", "Posted", "Views", "Likes", "Comments", "Shares", "Engagement"]
        .map((t, i) => h("th", { scope: "col", class: i > 1 ? "num" : "" }, t)))),
      h("tbody", {}, posts.map((p) => h("tr", {},
        h("td", { class: "post" }, h("span", {}, p.caption || "(no caption)"),
          p.hashtags && p.hashtags.length ? h("small", { class: "tags" }, p.hashtags.slice(0, 5).map((t) => `#${t}`).join(" ")) : null),
        h("td", {}, fmtDate(p.posted_at)),
        h("td", { class: "num" }, fmtCompact(p.views)),
        h("td", { class: "num" }, fmtCompact(p.likes)),
        h("td", { class: "num" }, fmtCompact(p.comments)),
        h("td", { class: "num" }, fmtCompact(p.shares)),
        h("td", { class: "num" }, fmtPct(er(p)))))))) : h("p", { class: "muted" }, "No content indexed."));
}

function collaborationsPanel(collabs) {
  if (!collabs.length) return null;
  return h("section", { class: "panel", "aria-labelledby": "collab-title" },
    h("h2", { id: "collab-title" }, "Brand collaborations"),
    h("ul", { class: "collabs" }, collabs.map((b) => h("li", {},
      h("strong", {}, b.brand), b.category ? h("span", { class: "chip" }, b.category) : null,
      b.date ? h("span", { class: "muted" }, fmtDate(b.date)) : null))));
}

function performancePanel(p) {
  const tile = (label, value) => h("div", { class: "tile" }, h("dt", {}, label), h("dd", {}, value));
  return h("section", { class: "panel", "aria-labelledby": "perf-title" },
    h("h2", { id: "perf-title" }, "Your results with this creator"),
    h("dl", { class: "tiles" },
      tile("Collaborations", fmtInt(p.collaborations)), tile("Views", fmtCompact(p.views)),
      tile("Clicks", fmtCompact(p.clicks)), tile("Conversions", fmtCompact(p.conversions)),
      tile("Spend", fmtEur(p.spend_eur)), tile("Cost / conversion", fmtEur(p.cost_per_conversion_eur)),
      tile("Avg. rating", p.avg_rating ? `${p.avg_rating.toFixed(1)} / 5` : "–")));
}

export async function showSimilar(id) {
  const view = $("#view-similar");
  loading(view, "Finding lookalikes…");
  let profile, answer;
  try {
    [profile, answer] = await Promise.all([
      call("GET", `/v1/creators/${enc(id)}`),
      call("GET", `/v1/creators/${enc(id)}/similar?limit=20`),
    ]);
  } catch (err) {
    clear(view).append(backLink(), h("p", { class: "error-text", role: "alert" }, err.message));
    return;
  }
  const s = profile.summary;
  const title = h("h1", { id: "similar-title", tabindex: "-1" }, `Creators like ${s.handle || s.id}`);
  fill(view,
    backLink(),
    h("div", { class: "results-head" }, title,
      h("p", { class: "muted", role: "status" }, `${answer.results.length} lookalikes by profile and content · ${Math.round(answer.took_ms)} ms`)),
    h("ol", { class: "cards hits", id: "similar-list", "aria-labelledby": "similar-title" },
      answer.results.map((hit) => hitCard(hit, handlers, { scoreLabel: "similarity" }))));
  document.title = `Like ${s.handle || s.id} · Scout`;
  title.focus({ preventScroll: true });
}
