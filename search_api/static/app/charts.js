// Audience and benchmark charts: inline SVG and CSS bars, no library.

import { fmtPct, h, svg, titleCase } from "./dom.js";

const AGES = ["13-17", "18-24", "25-34", "35-44", "45-54", "55-64", "65+"];

function describe(title, entries) {
  return `${title}: ${entries.map(([k, v]) => `${k} ${fmtPct(v, 0)}`).join(", ")}`;
}

/** Vertical bars per age bucket. */
export function ageChart(shares, targets = []) {
  const entries = AGES.filter((a) => a in shares).map((a) => [a, shares[a]]);
  if (!entries.length) return empty("No age data");
  const W = 340, H = 170, pad = 22, base = H - 24;
  const max = Math.max(...entries.map(([, v]) => v), 0.01);
  const bw = (W - pad * 2) / entries.length;
  const chart = svg("svg", { viewBox: `0 0 ${W} ${H}`, class: "chart age-chart", role: "img",
    "aria-label": describe("Audience by age", entries) });
  chart.append(svg("line", { x1: pad, x2: W - pad, y1: base, y2: base, class: "axis" }));
  entries.forEach(([age, v], i) => {
    const bh = Math.max(1, (v / max) * (base - 26));
    const x = pad + i * bw + bw * 0.18;
    chart.append(
      svg("rect", { x, y: base - bh, width: bw * 0.64, height: bh, rx: 3,
        class: targets.includes(age) ? "bar-rect target" : "bar-rect" }),
      svg("text", { x: x + bw * 0.32, y: base - bh - 6, class: "val", "text-anchor": "middle" }, fmtPct(v, 0)),
      svg("text", { x: x + bw * 0.32, y: base + 16, class: "lbl", "text-anchor": "middle" }, age));
  });
  return chart;
}

/** One stacked bar for gender shares, with a legend. */
export function genderChart(shares) {
  const entries = Object.entries(shares).sort((a, b) => b[1] - a[1]);
  if (!entries.length) return empty("No gender data");
  const bar = h("div", { class: "stack-bar", role: "img", "aria-label": describe("Audience by gender", entries) });
  const legend = h("ul", { class: "legend" });
  entries.forEach(([g, v], i) => {
    const seg = h("span", { class: `seg g-${i}` });
    seg.style.width = `${v * 100}%`;
    bar.append(seg);
    legend.append(h("li", {}, h("span", { class: `dot g-${i}`, "aria-hidden": "true" }), `${titleCase(g)} ${fmtPct(v, 0)}`));
  });
  return h("div", { class: "gender-chart" }, bar, legend);
}

/** Horizontal bars: the biggest shares first, the rest summed as "Other". */
export function shareBars(shares, { top = 5, label = "Share", targets = [] } = {}) {
  const sorted = Object.entries(shares).sort((a, b) => b[1] - a[1]);
  if (!sorted.length) return empty("No data");
  const shown = sorted.slice(0, top);
  const rest = 1 - shown.reduce((s, [, v]) => s + v, 0);
  if (sorted.length > top && rest > 0.005) shown.push(["Other", rest]);
  const max = Math.max(...shown.map(([, v]) => v), 0.01);
  return h("ul", { class: "hbars", role: "img", "aria-label": describe(label, shown) },
    shown.map(([k, v]) => {
      const fill = h("span", { class: ["hfill", targets.includes(k) && "target"] });
      fill.style.width = `${(v / max) * 100}%`;
      return h("li", {}, h("span", { class: "hlabel" }, k), h("span", { class: "htrack" }, fill),
        h("span", { class: "hval" }, fmtPct(v, 0)));
    }));
}

/**
 * The creator's engagement beside benchmarks: rows of [label, value, note, kind].
 * Bars share one scale so they compare at a glance.
 */
export function benchmarkBars(rows) {
  const known = rows.filter((r) => r[1] !== null && r[1] !== undefined);
  const max = Math.max(...known.map((r) => r[1]), 0.0001) * 1.1;
  return h("ul", { class: "bench" }, known.map(([label, value, note, kind]) => {
    const fill = h("span", { class: ["bfill", kind] });
    fill.style.width = `${(value / max) * 100}%`;
    return h("li", { class: kind },
      h("span", { class: "blabel" }, label, note ? h("small", {}, note) : null),
      h("span", { class: "btrack", role: "img", "aria-label": `${label}: ${fmtPct(value)}` }, fill),
      h("span", { class: "bval" }, fmtPct(value)));
  }));
}

function empty(text) {
  return h("p", { class: "muted empty-chart" }, text);
}
