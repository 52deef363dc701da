// Scout's offline API reference: renders /openapi.json, and sends requests with a key
// kept in this browser's localStorage (a "#key=..." fragment in the URL is taken once
// and removed from the address bar; fragments never reach the server or its logs).
"use strict";
(function () {
  const KEY = "scout.apiKey";
  const el = (tag, attrs, ...kids) => {
    const node = document.createElement(tag);
    for (const [k, v] of Object.entries(attrs || {})) {
      if (k === "class") node.className = v; else if (k === "text") node.textContent = v;
      else node.setAttribute(k, v);
    }
    for (const kid of kids) if (kid != null) node.append(kid);
    return node;
  };
  const takeFragmentKey = () => {
    const m = location.hash.match(/(?:^#|&)key=([^&]+)/);
    if (m) {
      localStorage.setItem(KEY, decodeURIComponent(m[1]));
      history.replaceState(null, "", location.pathname + location.search);
    }
  };
  const key = () => localStorage.getItem(KEY) || "";

  async function whoami() {
    const out = document.getElementById("whoami");
    if (!key()) { out.textContent = "no key: only public endpoints will answer"; return; }
    try {
      const r = await fetch("/v1/me", { headers: { Authorization: "Bearer " + key() } });
      const body = await r.json();
      out.textContent = r.ok ? `tenant ${body.tenant}, scope ${body.scope}` : body.error.message;
    } catch (e) { out.textContent = String(e); }
  }

  let spec;
  const resolve = (schema) => {
    let s = schema || {};
    for (let i = 0; s.$ref && i < 20; i++) s = spec.components.schemas[s.$ref.split("/").pop()] || {};
    return s;
  };
  const typeOf = (schema) => {
    if (!schema) return "any";
    if (schema.$ref) return schema.$ref.split("/").pop();
    if (schema.anyOf) return schema.anyOf.map(typeOf).join(" | ");
    if (schema.enum) return schema.enum.map((v) => JSON.stringify(v)).join(" | ");
    if (schema.type === "array") return typeOf(schema.items) + "[]";
    if (schema.type === "object" && schema.additionalProperties) return "map of " + typeOf(schema.additionalProperties);
    return schema.type || "any";
  };
  const limits = (s) => ["minimum", "maximum", "minLength", "maxLength", "maxItems", "pattern", "default"]
    .filter((k) => s[k] !== undefined).map((k) => `${k}: ${JSON.stringify(s[k])}`).join(", ");

  function fields(schema, depth) {
    const s = resolve(schema);
    if (!s.properties) return el("p", { text: typeOf(schema) });
    const table = el("table", {}, el("tr", {}, el("th", { text: "field" }), el("th", { text: "type" }),
      el("th", { text: "notes" })));
    const required = new Set(s.required || []);
    for (const [name, prop] of Object.entries(s.properties)) {
      const notes = [prop.description || "", limits(prop)].filter(Boolean).join(" · ");
      table.append(el("tr", {}, el("td", {}, el("code", { text: name + (required.has(name) ? " *" : "") })),
        el("td", { text: typeOf(prop) }), el("td", { text: notes })));
    }
    const box = el("div", {}, table);
    if (depth < 1) {
      const nested = Object.values(s.properties).flatMap((p) => [p, p.items, ...(p.anyOf || [])])
        .filter((p) => p && p.$ref).map((p) => p.$ref);
      for (const ref of [...new Set(nested)]) {
        box.append(el("details", {}, el("summary", { text: ref.split("/").pop() }), fields({ $ref: ref }, depth + 1)));
      }
    }
    return box;
  }

  function tryIt(path, method, op) {
    const box = el("div", { class: "try" });
    const inputs = {};
    for (const p of op.parameters || []) {
      const id = `${op.operationId}-${p.name}`;
      inputs[p.name] = el("input", { id, placeholder: typeOf(p.schema) });
      box.append(el("label", { for: id, text: `${p.name} (${p.in})` }), inputs[p.name]);
    }
    let body;
    if (op.requestBody) {
      const id = `${op.operationId}-body`;
      body = el("textarea", { id, placeholder: "JSON body" });
      box.append(el("label", { for: id, text: "body (JSON)" }), body);
    }
    const out = el("pre", { text: "" });
    const send = el("button", { type: "button", text: "Send" });
    send.addEventListener("click", async () => {
      let url = path;
      const query = new URLSearchParams();
      for (const p of op.parameters || []) {
        const v = inputs[p.name].value.trim();
        if (!v) continue;
        if (p.in === "path") url = url.replace(`{${p.name}}`, encodeURIComponent(v));
        else query.append(p.name, v);
      }
      if ([...query].length) url += "?" + query;
      const headers = {};
      if (key()) headers.Authorization = "Bearer " + key();
      const init = { method: method.toUpperCase(), headers };
      if (body && body.value.trim()) { headers["Content-Type"] = "application/json"; init.body = body.value; }
      out.textContent = "…";
      try {
        const r = await fetch(url, init);
        const text = await r.text();
        let shown = text;
        try { shown = JSON.stringify(JSON.parse(text), null, 2); } catch (e) { /* not JSON */ }
        out.textContent = `${r.status} ${r.statusText}  (request id ${r.headers.get("X-Request-Id")})\n\n${shown}`;
      } catch (e) { out.textContent = String(e); }
    });
    box.append(el("p", {}, send), out);
    return el("details", {}, el("summary", { text: "Try it" }), box);
  }

  function render() {
    const toc = document.getElementById("toc");
    const main = document.getElementById("ops");
    main.textContent = "";
    main.append(el("p", { text: spec.info.description }));
    const byTag = {};
    for (const [path, item] of Object.entries(spec.paths)) {
      for (const [method, op] of Object.entries(item)) (byTag[op.tags[0]] ||= []).push([path, method, op]);
    }
    for (const [tag, ops] of Object.entries(byTag)) {
      toc.append(el("h2", { text: tag }));
      main.append(el("h2", { id: "tag-" + tag, text: tag }));
      for (const [path, method, op] of ops) {
        const id = op.operationId;
        toc.append(el("a", { href: "#" + id }, el("span", { class: `method ${method}`, text: method }), " ", path));
        const scope = op.security && op.security.length === 0 ? "public" : `scope: ${op["x-scope"] || "read"}`;
        const body = el("div", { class: "opbody" }, el("p", { text: op.summary }));
        if (op.description) body.append(el("p", { text: op.description }));
        if (op.parameters) {
          const t = el("table", {}, el("tr", {}, el("th", { text: "parameter" }), el("th", { text: "in" }),
            el("th", { text: "type" }), el("th", { text: "notes" })));
          for (const p of op.parameters) {
            t.append(el("tr", {}, el("td", {}, el("code", { text: p.name + (p.required ? " *" : "") })),
              el("td", { text: p.in }), el("td", { text: typeOf(p.schema) }),
              el("td", { text: [p.description, limits(p.schema)].filter(Boolean).join(" · ") })));
          }
          body.append(t);
        }
        if (op.requestBody) {
          const schema = op.requestBody.content["application/json"].schema;
          body.append(el("details", {}, el("summary", { text: "Request body: " + typeOf(schema) }), fields(schema, 0)));
        }
        for (const [status, resp] of Object.entries(op.responses)) {
          const content = resp.content || {};
          const media = Object.keys(content);
          const label = `${status} ${resp.description}` + (media.length ? ` — ${media.join(", ")}` : "");
          const json = content["application/json"];
          if (json && Number(status) < 300) body.append(el("details", {}, el("summary", { text: label }), fields(json.schema, 0)));
          else body.append(el("div", { text: label }));
        }
        body.append(tryIt(path, method, op));
        main.append(el("section", { class: "op", id },
          el("h3", {}, el("span", { class: `method ${method}`, text: method }), el("span", { class: "path", text: path }),
            el("span", { class: "scope", text: scope })), body));
      }
    }
    if (location.hash.length > 1) { const t = document.getElementById(location.hash.slice(1)); if (t) t.scrollIntoView(); }
  }

  takeFragmentKey();
  const input = document.getElementById("apikey");
  input.value = key();
  document.getElementById("keyform").addEventListener("submit", (e) => {
    e.preventDefault(); localStorage.setItem(KEY, input.value.trim()); whoami();
  });
  document.getElementById("forget").addEventListener("click", () => {
    localStorage.removeItem(KEY); input.value = ""; whoami();
  });
  whoami();
  fetch("/openapi.json").then((r) => r.json()).then((s) => { spec = s; render(); })
    .catch((e) => { document.getElementById("ops").textContent = "Could not load /openapi.json: " + e; });
})();
