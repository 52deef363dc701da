// Scout's web page: key handling, routing between views, boot.

import { call, getKey, onUnauthorized, setKey } from "./api.js";
import { $, $$, clearErrors, showFieldError } from "./dom.js";
import { initMatch, setCategories } from "./match.js";
import { initProfile, showProfile, showSimilar } from "./profile.js";
import { initSearch, showSearch } from "./search.js";
import { initShortlists, openDialog, refreshLists, showShortlists } from "./shortlists.js";

const handlers = { addToShortlist: (creator) => openDialog(creator) };
let me = null;
let firstRoute = true;

/** A key handed over in the address (``?key=`` or ``#key=``) is stored, then removed from it. */
function takeKeyFromAddress() {
  const url = new URL(window.location.href);
  let key = url.searchParams.get("key");
  url.searchParams.delete("key");
  let hash = url.hash.replace(/^#/, "");
  const inHash = /(^|[?&])key=([^&]*)/.exec(hash);
  if (inHash) {
    key = key || decodeURIComponent(inHash[2]);
    hash = hash.replace(inHash[0], inHash[1] === "?" ? "?" : "").replace(/[?&]$/, "");
  }
  if (key === null || key === undefined) return;
  setKey(key.trim());
  const route = hash.startsWith("/") ? `#${hash}` : "#/match";
  window.history.replaceState(null, "", `${url.pathname}${url.search}${route}`);
}

function showKeyPanel(message) {
  const panel = $("#key-panel");
  panel.hidden = false;
  const form = $("#key-form");
  clearErrors(form);
  if (message) showFieldError(form, "key", message);
  $("#api-key").value = "";
  $("#api-key").focus();
}

async function checkKey() {
  me = await call("GET", "/v1/me");
  $("#who").textContent = `${me.tenant} · ${me.scope}`;
  $("#who").title = `Tenant ${me.tenant}, key ${me.key_id}, scope ${me.scope}`;
  $("#key-panel").hidden = true;
  return me;
}

async function afterKey() {
  await Promise.all([
    refreshLists().catch(() => null),
    call("GET", "/v1/search?limit=1&facet=category").then((a) => setCategories(Object.keys(a.facets.category || {}))).catch(() => null),
  ]);
  route();
}

function route() {
  if (!me) return;
  const hash = window.location.hash || "#/match";
  const [, view = "match", arg = ""] = hash.split("/");
  const id = decodeURIComponent(arg);
  const known = ["match", "search", "shortlists", "creator", "similar"];
  const name = known.includes(view) ? view : "match";
  for (const section of $$(".view")) section.hidden = section.dataset.view !== name;
  for (const link of $$("[data-nav]")) {
    if (link.dataset.nav === name) link.setAttribute("aria-current", "page");
    else link.removeAttribute("aria-current");
  }
  document.title = { match: "Brief", search: "Search", shortlists: "Shortlists", creator: "Creator", similar: "Lookalikes" }[name] + " · Scout";
  if (name === "search") showSearch();
  else if (name === "shortlists") showShortlists(id || null);
  else if (name === "creator" && id) showProfile(id);
  else if (name === "similar" && id) showSimilar(id);
  if (name === "match" && !firstRoute) $("#brief-title").scrollIntoView({ block: "nearest" });
  if (["creator", "similar"].includes(name)) window.scrollTo(0, 0);
  firstRoute = false;
}

async function boot() {
  takeKeyFromAddress();
  initMatch(handlers);
  initSearch(handlers);
  initProfile(handlers);
  initShortlists();
  onUnauthorized((err) => {
    me = null;
    for (const section of $$(".view")) section.hidden = true;
    showKeyPanel(`The server did not accept the key: ${err.message}`);
  });
  $("#key-change").addEventListener("click", () => showKeyPanel());
  $("#key-form").addEventListener("submit", async (ev) => {
    ev.preventDefault();
    const key = $("#api-key").value.trim();
    if (!key) { showFieldError(ev.target, "key", "Paste an API key."); return; }
    setKey(key);
    try {
      await checkKey();
      await afterKey();
    } catch (err) {
      if (err.status !== 401) showKeyPanel(err.message);
    }
  });
  window.addEventListener("hashchange", route);

  if (!getKey()) {
    showKeyPanel();
    return;
  }
  try {
    await checkKey();
    await afterKey();
  } catch (err) {
    if (err.status !== 401) showKeyPanel(err.message);
  }
}

boot();
