// The brief form and its ranked, explained results.

import { call } from "./api.js";
import { resultCard } from "./cards.js";
import {
  $, clear, clearErrors, fill, fmtCompact, fmtEur, fmtInt, h, listOf, showApiError, showFieldError, showFormError, titleCase,
} from "./dom.js";

const AGES = ["13-17", "18-24", "25-34", "35-44", "45-54", "55-64", "65+"];
const PAGE = 20;

const state = { brief: null, results: [], weights: {}, next: null, total: 0, tookMs: 0, busy: false };
let handlers = null;

export function initMatch(h_) {
  handlers = h_;
  const form = $("#brief-form");
  const ages = $("#brief-ages");
  for (const age of AGES) {
    const id = `brief-age-${age.replace("+", "plus")}`;
    ages.append(h("span", { class: "chip-check" },
      h("input", { type: "checkbox", id, name: "age", value: age }),
      h("label", { htmlFor: id }, age)));
  }
  form.addEventListener("submit", (ev) => { ev.preventDefault(); submit(form); });
  form.addEventListener("reset", () => { clearErrors(form); });
  $("#brief-text").addEventListener("keydown", (ev) => {
    if (ev.key === "Enter" && (ev.ctrlKey || ev.metaKey)) { ev.preventDefault(); form.requestSubmit(); }
  });
  for (const id of ["#results-sort", "#results-filter", "#results-platform", "#results-tier"]) {
    $(id).addEventListener("input", render);
  }
  $("#results-more").addEventListener("click", more);
}

/** Known categories (from the facets) offered as suggestions. */
export function setCategories(names) {
  const list = clear($("#known-categories"));
  for (const name of names) list.append(h("option", { value: name }));
}

function num(value) {
  if (value === "" || value === null || value === undefined) return null;
  const n = Number(value);
  return Number.isFinite(n) ? n : NaN;
}

/** The brief from the form, plus the problems the page can see without asking the API. */
function readBrief(form) {
  const v = (id) => $(id, form).value.trim();
  const errors = [];
  const brief = { text: v("#brief-text"), objective: v("#brief-objective"), limit: PAGE };
  if (v("#brief-safety") !== "standard") brief.brand_safety = v("#brief-safety");
  if (!brief.text) errors.push(["text", "Describe what you are promoting."]);

  const wanted = num(v("#brief-wanted"));
  if (wanted === null) brief.creators_wanted = 10;
  else if (!Number.isInteger(wanted) || wanted < 1 || wanted > 1000) errors.push(["creators_wanted", "Enter a whole number from 1 to 1000."]);
  else brief.creators_wanted = wanted;

  for (const [key, id] of [["countries", "#brief-countries"], ["languages", "#brief-languages"], ["categories", "#brief-categories"]]) {
    const items = listOf(v(id));
    if (items.length) brief[key] = items;
  }

  const fmin = num(v("#brief-followers-min"));
  const fmax = num(v("#brief-followers-max"));
  if (Number.isNaN(fmin) || (fmin !== null && fmin < 0)) errors.push(["followers.min", "Followers must be a number of at least 0."]);
  else if (Number.isNaN(fmax) || (fmax !== null && fmax < 0)) errors.push(["followers.max", "Followers must be a number of at least 0."]);
  else if (fmin !== null && fmax !== null && fmin > fmax) errors.push(["followers", "“Followers from” must not be more than “up to”."]);
  else if (fmin !== null || fmax !== null) {
    brief.followers = {};
    if (fmin !== null) brief.followers.min = fmin;
    if (fmax !== null) brief.followers.max = fmax;
  }

  const er = num(v("#brief-min-er"));
  if (Number.isNaN(er) || (er !== null && (er < 0 || er > 100))) errors.push(["min_engagement_rate", "Enter a percentage from 0 to 100."]);
  else if (er) brief.min_engagement_rate = Math.round(er * 1000) / 100000;

  const ages = Array.from(form.querySelectorAll("input[name=age]:checked")).map((el) => el.value);
  const gender = v("#brief-gender");
  const audienceCountries = listOf(v("#brief-audience-countries"));
  if (ages.length || gender !== "any" || audienceCountries.length) {
    brief.audience = { gender };
    if (ages.length) brief.audience.age = ages;
    if (audienceCountries.length) brief.audience.countries = audienceCountries;
  }

  const total = num(v("#brief-budget"));
  if (Number.isNaN(total) || (total !== null && total <= 0)) errors.push(["budget.total", "Enter a budget above 0, or leave it empty."]);
  else if (total !== null) brief.budget = { total, currency: v("#brief-currency") };
  return { brief, errors };
}

async function submit(form) {
  if (state.busy) return;
  clearErrors(form);
  const { brief, errors } = readBrief(form);
  if (errors.length) {
    let first = null;
    for (const [field, msg] of errors) {
      const control = showFieldError(form, field, msg);
      first = first || control;
    }
    showFormError(form, errors.length === 1 ? "Please fix the highlighted field." : `Please fix the ${errors.length} highlighted fields.`);
    setStatus("The brief has problems; see the highlighted fields.");
    if (first && first.focus) first.focus();
    return;
  }
  await run(form, brief, null);
}

async function more() {
  if (!state.brief || !state.next) return;
  await run($("#brief-form"), state.brief, state.next);
}

async function run(form, brief, cursor) {
  const button = cursor ? $("#results-more") : $("#brief-submit");
  const list = $("#results-list");
  state.busy = true;
  button.disabled = true;
  const label = button.textContent;
  button.textContent = cursor ? "Loading…" : "Ranking…";
  list.setAttribute("aria-busy", "true");
  if (!cursor) setStatus("Ranking creators for your brief…");
  try {
    const answer = await call("POST", "/v1/match", cursor ? { ...brief, cursor } : brief);
    if (!cursor) {
      state.results = [];
      $("#results-filter").value = "";
      $("#results-platform").value = "";
      $("#results-tier").value = "";
      $("#results-sort").value = "score";
    }
    state.brief = brief;
    state.results = state.results.concat(answer.results);
    state.weights = answer.weights;
    state.next = answer.next_cursor;
    state.total = answer.total;
    state.tookMs = answer.took_ms;
    state.excluded = answer.excluded;
    if (!cursor) renderProposal(answer.proposed_set);
    fillFilterOptions();
    render();
    if (!cursor) {
      const top = $("#results-title").getBoundingClientRect().top;
      if (top < 0 || top > window.innerHeight * 0.6) $("#results-title").scrollIntoView({ block: "start" });
    }
  } catch (err) {
    if (cursor) setStatus(`Could not load more: ${err.message}`);
    else {
      showApiError(form, err);
      setStatus(`The brief was not accepted: ${err.message}`);
    }
  } finally {
    state.busy = false;
    button.disabled = false;
    button.textContent = label;
    list.removeAttribute("aria-busy");
  }
}

function fillFilterOptions() {
  const fill = (sel, values) => {
    const el = $(sel);
    const keep = el.value;
    clear(el).append(h("option", { value: "" }, "All"));
    for (const value of values) el.append(h("option", { value }, titleCase(value)));
    el.value = values.includes(keep) ? keep : "";
  };
  const uniq = (key) => [...new Set(state.results.map((r) => r.creator[key]).filter(Boolean))].sort();
  const tierOrder = ["nano", "micro", "mid", "macro", "mega"];
  fill("#results-platform", uniq("platform"));
  fill("#results-tier", uniq("tier").sort((a, b) => tierOrder.indexOf(a) - tierOrder.indexOf(b)));
}

const SORTS = {
  score: (a, b) => a.rank - b.rank, // the server's order (which may trade score for variety)
  followers: (a, b) => (b.r.creator.followers || 0) - (a.r.creator.followers || 0),
  engagement: (a, b) => (b.r.creator.engagement_rate || 0) - (a.r.creator.engagement_rate || 0),
  avg_views: (a, b) => (b.r.creator.avg_views || 0) - (a.r.creator.avg_views || 0),
  cost: (a, b) => (a.r.creator.estimated_cost_eur ?? Infinity) - (b.r.creator.estimated_cost_eur ?? Infinity),
};

/** Sort and filter the loaded results in place (no new request). */
function render() {
  const list = clear($("#results-list"));
  const text = $("#results-filter").value.trim().toLowerCase();
  const platform = $("#results-platform").value;
  const tier = $("#results-tier").value;
  const rows = state.results.map((r, i) => ({ r, rank: i + 1 })).filter(({ r }) => {
    const c = r.creator;
    if (platform && c.platform !== platform) return false;
    if (tier && c.tier !== tier) return false;
    if (!text) return true;
    const hay = [c.handle, c.display_name, c.bio, c.country, ...(c.categories || [])].join(" ").toLowerCase();
    return hay.includes(text);
  });
  rows.sort((a, b) => SORTS[$("#results-sort").value](a, b) || a.rank - b.rank);
  for (const { r, rank } of rows) list.append(resultCard(r, rank, state.weights, handlers));
  $("#results-toolbar").hidden = state.results.length === 0;
  $("#results-more").hidden = !state.next;
  if (!state.results.length) {
    list.append(h("li", { class: "empty" }, "No creator passes the brief's filters. Widen the follower range, countries or minimum engagement."));
  }
  const held = state.excluded && state.excluded.total ? ` · ${fmtInt(state.excluded.total)} held back by your exclusions` : "";
  const shown = rows.length === state.results.length ? "" : ` · showing ${rows.length} after filtering`;
  setStatus(`${fmtInt(state.total)} creators pass the filters · ${state.results.length} ranked${shown}${held} · ${Math.round(state.tookMs)} ms`);
}

/** With a budget, the API proposes the set of creators that reaches the most within it. */
function renderProposal(set) {
  const box = $("#results-proposal");
  if (!set || !set.creator_ids || !set.creator_ids.length) { box.hidden = true; clear(box); return; }
  const known = new Map(state.results.map((r) => [r.creator_id, r.creator]));
  const topK = set.top_k;
  const gain = topK && topK.objective > 0 ? set.objective / topK.objective : null;
  fill(box,
    h("h3", { id: "proposal-title" }, `Book these ${set.creator_ids.length} within your ${fmtEur(set.budget_eur)} budget`),
    h("p", {},
      `${fmtEur(set.total_cost_eur)} for one post each · about ${fmtCompact(set.expected_reach)} expected views`,
      gain && gain > 1.005 ? ` · ${gain.toFixed(1)}× the fit-weighted reach of simply taking the top of the ranking` : "",
      "."),
    h("ul", { class: "picks", "aria-label": "Proposed creators" }, set.creator_ids.map((id) => {
      const c = known.get(id);
      return h("li", {}, h("a", { href: `#/creator/${encodeURIComponent(id)}`, dataset: { creatorId: id } }, c ? c.handle || id : id));
    })));
  box.hidden = false;
  // Proposed creators beyond the loaded page: fetch their handles.
  for (const id of set.creator_ids.filter((x) => !known.has(x)).slice(0, 20)) {
    call("GET", `/v1/creators/${encodeURIComponent(id)}`).then((p) => {
      const link = box.querySelector(`a[data-creator-id="${CSS.escape(id)}"]`);
      if (link && p.summary.handle) link.textContent = p.summary.handle;
    }).catch(() => null);
  }
}

function setStatus(text) {
  $("#results-status").textContent = text;
}
