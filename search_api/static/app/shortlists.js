// Shortlists: the add/edit dialog, the list of shortlists, one shortlist's table and its export.

import { call, download, enc } from "./api.js";
import { avatar } from "./cards.js";
import {
  $, clear, clearErrors, fill, fmtCompact, fmtDate, fmtEur, fmtPct, h, listOf, platformName, showApiError, showFieldError, toast,
} from "./dom.js";

const LAST = "scout.lastShortlist";
const NEW = "__new__";
const state = { lists: [], current: null, detail: null, editing: null };

export function initShortlists() {
  const dialog = $("#shortlist-dialog");
  $("#sl-pick").addEventListener("change", syncNewField);
  $("#sl-cancel").addEventListener("click", () => dialog.close());
  $("#sl-form").addEventListener("submit", (ev) => { ev.preventDefault(); save(); });
  $("#shortlist-create").addEventListener("submit", (ev) => { ev.preventDefault(); createFromSide(ev.target); });
}

export async function refreshLists() {
  const answer = await call("GET", "/v1/shortlists?limit=100");
  state.lists = answer.results;
  const count = $("#shortlist-count");
  count.textContent = String(state.lists.length);
  count.hidden = state.lists.length === 0;
  return state.lists;
}

// -- the dialog ------------------------------------------------------------------------------
/** Open the dialog to add ``creator`` (or edit its entry ``item`` on shortlist ``listId``). */
export async function openDialog(creator, item = null, listId = null) {
  const dialog = $("#shortlist-dialog");
  const form = $("#sl-form");
  clearErrors(form);
  state.editing = { creator, item, listId };
  try { await refreshLists(); } catch (err) { toast(err.message, "error"); return; }
  const pick = clear($("#sl-pick"));
  for (const list of state.lists) pick.append(h("option", { value: list.id }, `${list.name} (${list.item_count})`));
  pick.append(h("option", { value: NEW }, "New shortlist…"));
  const remembered = listId || localStorage.getItem(LAST);
  pick.value = state.lists.some((l) => l.id === remembered) ? remembered : (state.lists[0] ? state.lists[0].id : NEW);
  pick.disabled = Boolean(item);
  $("#sl-new-name").value = "";
  $("#sl-tags").value = item ? item.tags.join(", ") : "";
  $("#sl-note").value = item ? item.note : "";
  $("#sl-dialog-title").textContent = item
    ? `Edit ${creator.handle || creator.id}`
    : `Add ${creator.handle || creator.id} to a shortlist`;
  syncNewField();
  dialog.showModal();
  (pick.value === NEW ? $("#sl-new-name") : $("#sl-tags")).focus();
}

function syncNewField() {
  const isNew = $("#sl-pick").value === NEW;
  $("#sl-new-field").hidden = !isNew;
}

async function save() {
  const form = $("#sl-form");
  const { creator, item } = state.editing;
  clearErrors(form);
  let listId = $("#sl-pick").value;
  const tags = listOf($("#sl-tags").value);
  const note = $("#sl-note").value.trim();
  if (tags.length > 20) { showFieldError(form, "tags", "Use at most 20 tags."); return; }
  const button = $("#sl-save");
  button.disabled = true;
  try {
    if (listId === NEW) {
      const name = $("#sl-new-name").value.trim();
      if (!name) { showFieldError(form, "name", "Name the new shortlist.").focus(); return; }
      const made = await call("POST", "/v1/shortlists", { name });
      listId = made.id;
    }
    await call("PUT", `/v1/shortlists/${enc(listId)}/items/${enc(creator.id)}`, { note, tags });
    localStorage.setItem(LAST, listId);
    await refreshLists();
    $("#shortlist-dialog").close();
    const list = state.lists.find((l) => l.id === listId);
    toast(item ? `Saved ${creator.handle || creator.id}` : `Added ${creator.handle || creator.id} to “${list ? list.name : "shortlist"}”`, "ok");
    if (state.current === listId && isShown()) await openList(listId);
  } catch (err) {
    showApiError(form, err);
  } finally {
    button.disabled = false;
  }
}

// -- the shortlists view ---------------------------------------------------------------------
function isShown() {
  return !$("#view-shortlists").hidden;
}

export async function showShortlists(id) {
  const side = clear($("#shortlist-index"));
  try { await refreshLists(); } catch (err) { side.append(h("li", { class: "muted" }, err.message)); return; }
  const chosen = id || state.current || localStorage.getItem(LAST);
  const target = state.lists.find((l) => l.id === chosen) || state.lists[0];
  renderIndex(target ? target.id : null);
  if (target) await openList(target.id);
  else renderEmpty();
}

function renderIndex(activeId) {
  const side = clear($("#shortlist-index"));
  if (!state.lists.length) side.append(h("li", { class: "muted" }, "No shortlists yet."));
  for (const list of state.lists) {
    side.append(h("li", {},
      h("a", { href: `#/shortlists/${enc(list.id)}`, class: list.id === activeId ? "active" : "",
        "aria-current": list.id === activeId ? "true" : false },
        h("span", { class: "sl-name" }, list.name),
        h("span", { class: "count" }, String(list.item_count)))));
  }
}

function renderEmpty() {
  clear($("#shortlist-detail")).append(
    h("div", { class: "empty-state" },
      h("h2", {}, "Keep the creators you like"),
      h("p", { class: "muted" }, "Use “Add to shortlist” on a result or profile, or create a shortlist on the left.")));
}

export async function openList(id) {
  state.current = id;
  const panel = $("#shortlist-detail");
  let detail;
  try {
    detail = await call("GET", `/v1/shortlists/${enc(id)}`);
  } catch (err) {
    clear(panel).append(h("p", { class: "error-text" }, err.message));
    return;
  }
  state.detail = detail;
  renderIndex(id);
  fill(panel,
    h("div", { class: "detail-head" },
      h("div", {},
        h("h2", { id: "shortlist-name" }, detail.name),
        h("p", { class: "muted" }, `${detail.item_count} creator${detail.item_count === 1 ? "" : "s"} · updated ${fmtDate(detail.updated_at)}`)),
      h("div", { class: "detail-actions" },
        h("button", { type: "button", class: "btn btn-primary", id: "export-csv", onclick: () => exportAs("csv") }, "Export CSV"),
        h("button", { type: "button", class: "btn", id: "export-json", onclick: () => exportAs("json") }, "Export JSON"),
        h("button", { type: "button", class: "btn btn-ghost", onclick: rename }, "Rename"),
        h("button", { type: "button", class: "btn btn-ghost btn-danger", onclick: remove }, "Delete"))),
    detail.items.length ? table(detail) : h("p", { class: "muted empty" }, "This shortlist is empty. Add creators from the results, search or a profile."));
}

function table(detail) {
  const head = ["Creator", "Platform", "Country", "Followers", "Engagement", "Est. cost", "Tags", "Note", ""];
  return h("div", { class: "table-wrap" }, h("table", { class: "table shortlist-table" },
    h("caption", { class: "sr-only" }, `Creators on ${detail.name}`),
    h("thead", {}, h("tr", {}, head.map((t) => h("th", { scope: "col" }, t)))),
    h("tbody", {}, detail.items.map((item) => {
      const c = item.creator || { id: item.creator_id };
      return h("tr", { dataset: { creatorId: item.creator_id } },
        h("th", { scope: "row" }, h("span", { class: "cell-creator" }, avatar(c, "avatar-small"),
          h("a", { href: `#/creator/${enc(item.creator_id)}` }, c.handle || item.creator_id))),
        h("td", {}, platformName(c.platform) || "–"),
        h("td", {}, c.country || "–"),
        h("td", { class: "num" }, fmtCompact(c.followers)),
        h("td", { class: "num" }, fmtPct(c.engagement_rate)),
        h("td", { class: "num" }, fmtEur(c.estimated_cost_eur)),
        h("td", {}, item.tags.map((t) => h("span", { class: "chip" }, t))),
        h("td", { class: "note" }, item.note),
        h("td", { class: "row-actions" },
          h("button", { type: "button", class: "btn btn-small btn-ghost", "aria-label": `Edit tags and note of ${c.handle || item.creator_id}`,
            onclick: () => openDialog(c, item, detail.id) }, "Edit"),
          h("button", { type: "button", class: "btn btn-small btn-ghost btn-danger", "aria-label": `Remove ${c.handle || item.creator_id}`,
            onclick: () => removeItem(detail.id, item) }, "Remove")));
    }))));
}

async function exportAs(format) {
  const d = state.detail;
  try {
    const name = await download(`/v1/shortlists/${enc(d.id)}/export?format=${format}`, `shortlist.${format}`);
    toast(`Downloaded ${name}`, "ok");
  } catch (err) {
    toast(err.message, "error");
  }
}

async function rename() {
  const d = state.detail;
  const name = window.prompt("New name for the shortlist", d.name);
  if (!name || name.trim() === d.name) return;
  try {
    await call("PATCH", `/v1/shortlists/${enc(d.id)}`, { name: name.trim() });
    await showShortlists(d.id);
  } catch (err) { toast(err.message, "error"); }
}

async function remove() {
  const d = state.detail;
  if (!window.confirm(`Delete the shortlist “${d.name}” and its ${d.item_count} entries?`)) return;
  try {
    await call("DELETE", `/v1/shortlists/${enc(d.id)}`);
    state.current = null;
    toast(`Deleted “${d.name}”`, "ok");
    if (location.hash !== "#/shortlists") location.hash = "#/shortlists";
    else await showShortlists(null);
  } catch (err) { toast(err.message, "error"); }
}

async function removeItem(listId, item) {
  try {
    await call("DELETE", `/v1/shortlists/${enc(listId)}/items/${enc(item.creator_id)}`);
    toast(`Removed ${item.creator ? item.creator.handle : item.creator_id}`, "ok");
    await openList(listId);
    await refreshLists();
    renderIndex(listId);
  } catch (err) { toast(err.message, "error"); }
}

async function createFromSide(form) {
  clearErrors(form);
  const input = $("#new-shortlist-name");
  const name = input.value.trim();
  if (!name) { showFieldError(form, "name", "Give the shortlist a name.").focus(); return; }
  try {
    const made = await call("POST", "/v1/shortlists", { name });
    input.value = "";
    localStorage.setItem(LAST, made.id);
    location.hash = `#/shortlists/${enc(made.id)}`;
  } catch (err) {
    showApiError(form, err);
  }
}
