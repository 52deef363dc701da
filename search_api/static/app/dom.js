// Small DOM and formatting helpers. Text always goes in as text nodes, never as HTML.

const SVG_NS = "http://www.w3.org/2000/svg";

/** Build an element: h("a", {href: "#", class: "x", onclick: fn}, "text", child). */
export function h(tag, attrs = {}, ...children) {
  const el = document.createElement(tag);
  setAttrs(el, attrs);
  append(el, children);
  return el;
}

/** Build an SVG element (presentation attributes only: the page's CSP forbids style attributes). */
export function svg(tag, attrs = {}, ...children) {
  const el = document.createElementNS(SVG_NS, tag);
  setAttrs(el, attrs);
  append(el, children);
  return el;
}

function setAttrs(el, attrs) {
  for (const [key, value] of Object.entries(attrs || {})) {
    if (value === undefined || value === null || value === false) continue;
    if (key === "class") el.setAttribute("class", Array.isArray(value) ? value.filter(Boolean).join(" ") : value);
    else if (key === "text") el.textContent = value;
    else if (key === "dataset") Object.assign(el.dataset, value);
    else if (key.startsWith("on") && typeof value === "function") el.addEventListener(key.slice(2), value);
    else if (key === "htmlFor") el.setAttribute("for", value);
    else if (value === true) el.setAttribute(key, "");
    else el.setAttribute(key, String(value));
  }
}

function append(el, children) {
  for (const child of children.flat(Infinity)) {
    if (child === null || child === undefined || child === false) continue;
    el.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
}

export function clear(el) {
  while (el.firstChild) el.removeChild(el.firstChild);
  return el;
}

/** Replace the children of ``el`` (null/false children are skipped, unlike Element.append). */
export function fill(el, ...children) {
  clear(el);
  append(el, children);
  return el;
}

export const $ = (sel, root = document) => root.querySelector(sel);
export const $$ = (sel, root = document) => Array.from(root.querySelectorAll(sel));

// -- formatting ------------------------------------------------------------------------------
const compact = new Intl.NumberFormat("en", { notation: "compact", maximumFractionDigits: 1 });
const whole = new Intl.NumberFormat("en");
const dateFmt = new Intl.DateTimeFormat("en-GB", { day: "numeric", month: "short", year: "numeric", timeZone: "UTC" });

export function fmtCompact(n) {
  return n === null || n === undefined || Number.isNaN(n) ? "–" : compact.format(n);
}

export function fmtInt(n) {
  return n === null || n === undefined ? "–" : whole.format(Math.round(n));
}

export function fmtPct(x, digits = 1) {
  return x === null || x === undefined || Number.isNaN(x) ? "–" : `${(x * 100).toFixed(digits)}%`;
}

export function fmtEur(n) {
  if (n === null || n === undefined) return "–";
  return new Intl.NumberFormat("en-IE", { style: "currency", currency: "EUR", maximumFractionDigits: n < 10 ? 2 : 0 }).format(n);
}

export function fmtDate(iso) {
  if (!iso) return "–";
  const d = new Date(iso);
  return Number.isNaN(d.getTime()) ? "–" : dateFmt.format(d);
}

const PLATFORMS = { tiktok: "TikTok", youtube: "YouTube", instagram: "Instagram", twitch: "Twitch", x: "X" };

export function platformName(name) {
  return name ? PLATFORMS[name] || titleCase(name) : "";
}

export function titleCase(word) {
  return word ? word.charAt(0).toUpperCase() + word.slice(1).replace(/[_-]+/g, " ") : "";
}

/** Comma- or space-separated list from an input. */
export function listOf(text) {
  return (text || "").split(/[,;\n]+/).map((s) => s.trim()).filter(Boolean);
}

/** Caption text with the matched words wrapped in <mark>. */
export function highlighted(text, words) {
  const wanted = new Set((words || []).map((w) => w.toLowerCase()));
  const out = [];
  if (!text) return out;
  const re = /[\p{L}\p{N}]+(?:['’][\p{L}\p{N}]+)?/gu;
  let last = 0;
  for (const m of text.matchAll(re)) {
    if (!wanted.has(m[0].toLowerCase())) continue;
    if (m.index > last) out.push(text.slice(last, m.index));
    out.push(h("mark", {}, m[0]));
    last = m.index + m[0].length;
  }
  if (last < text.length) out.push(text.slice(last));
  return out;
}

/** Two-letter initials for an avatar. */
export function initials(creator) {
  const base = (creator.display_name || creator.handle || creator.id || "?").replace(/^@/, "");
  const parts = base.split(/[\s._|-]+/).filter((p) => /[\p{L}\p{N}]/u.test(p));
  const letters = parts.length > 1 ? parts[0][0] + parts[1][0] : base.slice(0, 2);
  return letters.toUpperCase();
}

/** A stable hue class (0-7) for a creator's avatar. */
export function hueOf(id) {
  let x = 0;
  for (const ch of String(id)) x = (x * 31 + ch.charCodeAt(0)) >>> 0;
  return `hue-${x % 8}`;
}

// -- form errors ------------------------------------------------------------------------------
/** Normalise an API field name: "tags[0]" -> "tags", "audience.age.0" -> "audience.age". */
export function fieldPath(field) {
  return String(field || "").replace(/\[\d+\]/g, "").replace(/\.\d+(?=\.|$)/g, "");
}

/**
 * Show ``message`` next to the form control for API field ``field``: the element with the
 * longest matching ``data-field`` path, and the nearest error slot at or above it.
 * Returns false when no control matches (the caller shows a form-level message).
 */
export function showFieldError(form, field, message) {
  let path = fieldPath(field);
  while (path) {
    const target = form.querySelector(`[data-field="${CSS.escape(path)}"]`);
    if (target) {
      let node = target;
      while (node && node !== form) {
        const slot = node.querySelector(":scope > .field-error");
        if (slot) {
          slot.textContent = message;
          slot.hidden = false;
          node.classList.add("has-error");
          const controls = target.matches("input, select, textarea") ? [target] : $$("input, select, textarea", target);
          for (const c of controls) c.setAttribute("aria-invalid", "true");
          return controls[0] || slot;
        }
        node = node.parentElement && node.parentElement.closest("[data-field]");
      }
    }
    path = path.includes(".") ? path.slice(0, path.lastIndexOf(".")) : "";
  }
  return false;
}

export function clearErrors(form) {
  for (const slot of $$(".field-error", form)) { slot.hidden = true; slot.textContent = ""; }
  for (const el of $$(".has-error", form)) el.classList.remove("has-error");
  for (const el of $$("[aria-invalid]", form)) el.removeAttribute("aria-invalid");
  const summary = $(".form-summary", form);
  if (summary) { summary.hidden = true; clear(summary); }
}

/** The API's "field: message" with the field name dropped (it is shown by position). */
export function bareMessage(err) {
  const msg = err.message || "Something went wrong";
  if (err.field && msg.startsWith(`${err.field}: `)) return msg.slice(err.field.length + 2);
  return msg.charAt(0).toUpperCase() + msg.slice(1);
}

export function showFormError(form, message) {
  const summary = $(".form-summary", form);
  if (!summary) return;
  clear(summary).append(message);
  summary.hidden = false;
}

/** Show an API error on a form: next to its field when one matches, else at the top. */
export function showApiError(form, err) {
  const msg = bareMessage(err);
  const control = err.field ? showFieldError(form, err.field, msg) : false;
  if (control) {
    if (control.focus) control.focus();
  } else {
    showFormError(form, err.field ? `${err.field}: ${msg}` : msg);
  }
}

let toastTimer = null;
export function toast(message, kind = "info") {
  const el = document.getElementById("toast");
  el.textContent = message;
  el.className = `toast toast-${kind}`;
  el.hidden = false;
  clearTimeout(toastTimer);
  toastTimer = setTimeout(() => { el.hidden = true; }, 5000);
}
