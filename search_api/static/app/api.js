// The Scout API, same origin, with the key the user gave the page.

const KEY_STORE = "scout.apiKey";

export class ApiError extends Error {
  constructor(status, code, message, field) {
    super(message);
    this.status = status;
    this.code = code;
    this.field = field || null;
  }
}

export function getKey() {
  try { return localStorage.getItem(KEY_STORE) || ""; } catch { return ""; }
}

export function setKey(key) {
  try {
    if (key) localStorage.setItem(KEY_STORE, key);
    else localStorage.removeItem(KEY_STORE);
  } catch { /* private mode: the key lives for this page only */ }
  memoryKey = key || "";
}

let memoryKey = "";
const listeners = new Set();

/** Called with the error whenever the API rejects the key (401). */
export function onUnauthorized(fn) { listeners.add(fn); }

function headers(body) {
  const out = { Accept: "application/json" };
  const key = getKey() || memoryKey;
  if (key) out.Authorization = `Bearer ${key}`;
  if (body !== undefined) out["Content-Type"] = "application/json";
  return out;
}

async function errorOf(resp) {
  let body = null;
  try { body = await resp.json(); } catch { /* not JSON */ }
  const e = body && body.error;
  if (e) return new ApiError(resp.status, e.code, e.message, e.field);
  return new ApiError(resp.status, "http_error", `The server answered ${resp.status} ${resp.statusText}`);
}

/** Call the API; resolves to the JSON answer (null for 204) or rejects with an ApiError. */
export async function call(method, path, body) {
  let resp;
  try {
    resp = await fetch(path, {
      method, headers: headers(body), body: body === undefined ? undefined : JSON.stringify(body),
      credentials: "omit", cache: "no-store",
    });
  } catch (exc) {
    throw new ApiError(0, "network", "Cannot reach the Scout server; is it running?");
  }
  if (!resp.ok) {
    const err = await errorOf(resp);
    if (resp.status === 401) for (const fn of listeners) fn(err);
    if (resp.status === 429) err.message = `Too many requests: ${err.message}`;
    throw err;
  }
  if (resp.status === 204) return null;
  return resp.json();
}

/** Fetch a file the API serves (e.g. a CSV export) and hand it to the browser as a download. */
export async function download(path, fallbackName) {
  const resp = await fetch(path, { headers: headers(), credentials: "omit", cache: "no-store" });
  if (!resp.ok) throw await errorOf(resp);
  const disposition = resp.headers.get("Content-Disposition") || "";
  const named = /filename="?([^";]+)"?/.exec(disposition);
  const blob = await resp.blob();
  const url = URL.createObjectURL(blob);
  const a = document.createElement("a");
  a.href = url;
  a.download = named ? named[1] : fallbackName;
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
  return a.download;
}

export function query(params) {
  const qs = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) {
    if (v === undefined || v === null || v === "") continue;
    if (Array.isArray(v)) v.forEach((x) => qs.append(k, x));
    else qs.append(k, v);
  }
  const s = qs.toString();
  return s ? `?${s}` : "";
}

export const enc = encodeURIComponent;
