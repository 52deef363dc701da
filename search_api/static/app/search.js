// Keyword search with facets, the frontend-developer view of the catalog.

import { call, query } from "./api.js";
import { hitCard } from "./cards.js";
import { $, clear, clearErrors, fmtInt, h, showApiError, titleCase } from "./dom.js";

const FACETS = [["category", "Category"], ["country", "Country"], ["language", "Language"],
  ["tier", "Tier"], ["platform", "Platform"]];
const TIER_ORDER = ["nano", "micro", "mid", "macro", "mega"];
const SHOWN = 8;

const state = {
  selected: Object.fromEntries(FACETS.map(([f]) => [f, new Set()])),
  expanded: new Set(), results: [], facets: {}, next: null, total: 0, loaded: false, seq: 0,
};
let handlers = null;

export function initSearch(h_) {
  handlers = h_;
  $("#search-form").addEventListener("submit", (ev) => { ev.preventDefault(); run(); });
  $("#search-sort").addEventListener("change", () => run());
  $("#search-more").addEventListener("click", () => run(state.next));
}

/** Show the view; the first visit lists the whole catalog with its facets. */
export function showSearch() {
  if (!state.loaded) run();
}

function params(cursor) {
  const p = { q: $("#search-q").value.trim(), sort: $("#search-sort").value,
    min_followers: $("#search-min-followers").value.trim(), limit: 20, cursor,
    facet: FACETS.map(([f]) => f) };
  for (const [f] of FACETS) p[f] = [...state.selected[f]];
  return p;
}

async function run(cursor = null) {
  const form = $("#search-form");
  const seq = ++state.seq;
  clearErrors(form);
  const list = $("#search-list");
  list.setAttribute("aria-busy", "true");
  if (!cursor) $("#search-status").textContent = "Searching…";
  try {
    const answer = await call("GET", `/v1/search${query(params(cursor))}`);
    if (seq !== state.seq) return; // a newer search has started
    state.loaded = true;
    if (!cursor) state.query = params(null).q;
    state.results = cursor ? state.results.concat(answer.results) : answer.results;
    state.next = answer.next_cursor;
    state.total = answer.total;
    if (!cursor) state.facets = answer.facets;
    render();
  } catch (err) {
    if (seq !== state.seq) return;
    showApiError(form, err);
    $("#search-status").textContent = `Search failed: ${err.message}`;
  } finally {
    list.removeAttribute("aria-busy");
  }
}

function toggle(field, value, on) {
  if (on) state.selected[field].add(value);
  else state.selected[field].delete(value);
  run();
}

function render() {
  renderFacets();
  renderActive();
  const list = clear($("#search-list"));
  const label = state.query ? "relevance" : null;
  for (const hit of state.results) list.append(hitCard(hit, handlers, { scoreLabel: label }));
  if (!state.results.length) list.append(h("li", { class: "empty" }, "No creators match. Remove a filter or try other words."));
  $("#search-more").hidden = !state.next;
  $("#search-status").textContent = `${fmtInt(state.total)} creators · showing ${state.results.length}`;
}

function renderFacets() {
  const box = clear($("#facets"));
  box.append(h("h2", { class: "facets-title" }, "Refine"));
  for (const [field, label] of FACETS) {
    const counts = state.facets[field] || {};
    let entries = Object.entries(counts);
    if (field === "tier") entries.sort((a, b) => TIER_ORDER.indexOf(a[0]) - TIER_ORDER.indexOf(b[0]));
    else entries.sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]));
    for (const value of state.selected[field]) if (!(value in counts)) entries.unshift([value, 0]);
    if (!entries.length) continue;
    const open = state.expanded.has(field);
    const shown = open ? entries : entries.slice(0, SHOWN);
    const group = h("fieldset", { class: "facet", dataset: { facet: field } }, h("legend", {}, label));
    for (const [value, count] of shown) {
      const id = `facet-${field}-${value.replace(/[^A-Za-z0-9_-]/g, "_")}`;
      const checked = state.selected[field].has(value);
      group.append(h("div", { class: "facet-option" },
        h("input", { type: "checkbox", id, value, checked, onchange: (ev) => toggle(field, value, ev.target.checked) }),
        h("label", { htmlFor: id },
          h("span", { class: "facet-value" }, field === "country" || field === "language" ? value.toUpperCase() : titleCase(value)),
          h("span", { class: "facet-count" }, fmtInt(count)))));
    }
    if (entries.length > SHOWN) {
      group.append(h("button", { type: "button", class: "link-button", "aria-expanded": String(open),
        onclick: () => { open ? state.expanded.delete(field) : state.expanded.add(field); renderFacets(); } },
      open ? "Show fewer" : `Show all ${entries.length}`));
    }
    box.append(group);
  }
}

function renderActive() {
  const box = clear($("#search-active"));
  for (const [field, label] of FACETS) {
    for (const value of state.selected[field]) {
      box.append(h("button", { type: "button", class: "chip chip-remove", "aria-label": `Remove filter ${label}: ${value}`,
        onclick: () => toggle(field, value, false) }, `${label}: ${value}`, h("span", { "aria-hidden": "true" }, " ×")));
    }
  }
  box.hidden = !box.childElementCount;
}
