"""Comparing runs: the metric table with paired significance, plots, Markdown and HTML.

Every run is compared with the *first* one (the reference) brief by brief: a
cell is marked ``†`` when the paired test gives p < 0.05 and ``‡`` when
p < 0.01. Plots: mean metrics per run (grouped bars) and, for each other run,
its per-brief nDCG@10 difference from the reference (sorted bars).
"""

from __future__ import annotations

import html
import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from eval.metrics import HEADLINE, MEASURE_NAMES, MEASURES, PerBrief, means, per_brief
from eval.properties import RankingProperties
from eval.stats import paired_p_value
from eval.trec import Qrels, Run

ALPHA, STRONG_ALPHA = 0.05, 0.01
PLOT_METRICS = "metrics.png"
PLOT_DELTAS = "ndcg10_deltas.png"


@dataclass(frozen=True)
class RunScores:
    """One run's scores on the compared briefs."""

    name: str
    means: dict[str, float]
    per_brief: PerBrief
    properties: RankingProperties | None = None


@dataclass(frozen=True)
class Comparison:
    """Runs scored on the same briefs, with p-values against the first run."""

    briefs: list[str]
    runs: list[RunScores]
    #: run name -> measure -> p-value against ``runs[0]`` (absent for the reference)
    p_values: dict[str, dict[str, float]]
    test: str
    title: str = "Scout relevance evaluation"
    #: optional brief groups (e.g. hard-case kind -> brief ids) for a per-group table
    groups: dict[str, list[str]] = field(default_factory=dict)

    @property
    def reference(self) -> RunScores:
        return self.runs[0]

    def to_dict(self) -> dict[str, object]:
        return {
            "title": self.title, "test": self.test, "reference": self.reference.name,
            "briefs": self.briefs, "groups": self.groups,
            "runs": [{"name": r.name, "means": r.means, "per_brief": r.per_brief,
                      "p_values": self.p_values.get(r.name, {}),
                      "properties": r.properties.to_dict() if r.properties else None}
                     for r in self.runs],
        }


def compare_runs(qrels: Qrels, runs: Sequence[tuple[str, Run]], briefs: Sequence[str], *,
                 test: str = "student",
                 properties: Mapping[str, RankingProperties] | None = None,
                 title: str = "Scout relevance evaluation",
                 groups: Mapping[str, Sequence[str]] | None = None) -> Comparison:
    """Score ``runs`` on ``briefs`` and test each against the first."""
    if not runs:
        raise ValueError("compare needs at least one run")
    names = [name for name, _ in runs]
    if len(set(names)) != len(names):
        raise ValueError(f"run names must differ: {names}")
    ids = sorted(set(briefs))
    scored = []
    for name, run in runs:
        values = per_brief(qrels, run, ids)
        scored.append(RunScores(name, means(values), values,
                                (properties or {}).get(name)))
    ref = scored[0]
    p_values = {
        r.name: {m: paired_p_value([ref.per_brief[m][q] for q in ids],
                                   [r.per_brief[m][q] for q in ids], test)
                 for m in MEASURE_NAMES}
        for r in scored[1:]
    }
    wanted = set(ids)
    kept = {g: sorted(set(members) & wanted) for g, members in (groups or {}).items()}
    return Comparison(ids, scored, p_values, test, title,
                      {g: members for g, members in kept.items() if members})


# -- tables ---------------------------------------------------------------------------
def _mark(p: float | None) -> str:
    if p is None:
        return ""
    return "‡" if p < STRONG_ALPHA else "†" if p < ALPHA else ""


def metric_table(c: Comparison) -> list[list[str]]:
    """Header + one row per run: each measure, then the headline delta vs the reference."""
    ref = c.reference
    header = ["run", *MEASURE_NAMES, f"Δ {HEADLINE} vs {ref.name}"]
    rows = [header]
    for r in c.runs:
        ps = c.p_values.get(r.name, {})
        cells = [f"{r.means[m]:.4f}{_mark(ps.get(m))}" for m in MEASURE_NAMES]
        if r is ref:
            delta = "—"
        else:
            d = r.means[HEADLINE] - ref.means[HEADLINE]
            rel = d / ref.means[HEADLINE] * 100 if ref.means[HEADLINE] else 0.0
            delta = f"{d:+.4f} ({rel:+.1f}%), p={ps[HEADLINE]:.3g}"
        rows.append([r.name, *cells, delta])
    return rows


def property_table(c: Comparison) -> list[list[str]] | None:
    if not all(r.properties for r in c.runs):
        return None
    top = c.runs[0].properties.top if c.runs[0].properties else 20
    rows = [["run", f"micro+mid in top {top}", "micro+mid among relevant",
             f"mega+macro in top {top}", "constraint violations",
             f"bought audiences in top {top}", f"brand-safety problems in top {top}"]]
    for r in c.runs:
        p = r.properties
        assert p is not None
        big = p.tier_share_top.get("mega", 0.0) + p.tier_share_top.get("macro", 0.0)
        rows.append([r.name, f"{p.micro_mid_top:.1%}", f"{p.micro_mid_relevant:.1%}",
                     f"{big:.1%}", str(p.violations), f"{p.inflated_top:.1%}",
                     f"{p.unsafe_top:.1%}"])
    return rows


def group_table(c: Comparison, measure: str = HEADLINE) -> list[list[str]] | None:
    """``measure`` per run and brief group (e.g. per hard-case kind)."""
    if not c.groups:
        return None
    rows = [[f"{measure} by group", *(f"{g} ({len(m)})" for g, m in c.groups.items())]]
    for r in c.runs:
        values = r.per_brief[measure]
        rows.append([r.name, *(f"{sum(values[q] for q in m) / len(m):.4f}"
                               for m in c.groups.values())])
    return rows


def markdown_table(rows: list[list[str]]) -> str:
    out = ["| " + " | ".join(rows[0]) + " |",
           "| " + " | ".join("---" for _ in rows[0]) + " |"]
    out += ["| " + " | ".join(row) + " |" for row in rows[1:]]
    return "\n".join(out)


def text_table(rows: list[list[str]]) -> str:
    widths = [max(len(row[i]) for row in rows) for i in range(len(rows[0]))]
    lines = ["  ".join(cell.ljust(w) for cell, w in zip(row, widths, strict=True)).rstrip()
             for row in rows]
    lines.insert(1, "  ".join("-" * w for w in widths))
    return "\n".join(lines)


def summary_text(c: Comparison) -> str:
    """What ``scout eval compare`` prints."""
    parts = [f"{c.title}: {len(c.briefs)} briefs, paired {c.test} test vs "
             f"{c.reference.name} († p<{ALPHA}, ‡ p<{STRONG_ALPHA})", "",
             text_table(metric_table(c))]
    for extra in (group_table(c), property_table(c)):
        if extra:
            parts += ["", text_table(extra)]
    return "\n".join(parts)


# -- plots ------------------------------------------------------------------------------
def plot_metrics(c: Comparison, path: Path) -> Path:
    """Grouped bars: each measure's mean per run."""
    plt = _pyplot()
    names = list(MEASURE_NAMES)
    width = 0.8 / len(c.runs)
    fig, ax = plt.subplots(figsize=(max(8.0, 1.2 * len(names) + 2), 4.5))
    for i, r in enumerate(c.runs):
        xs = [j + (i - (len(c.runs) - 1) / 2) * width for j in range(len(names))]
        ax.bar(xs, [r.means[m] for m in names], width, label=r.name)
    ax.set_xticks(range(len(names)), names)
    ax.set_ylim(0, 1)
    ax.set_ylabel("mean over briefs")
    ax.set_title(f"{c.title} ({len(c.briefs)} briefs)")
    ax.legend(fontsize="small", ncol=min(len(c.runs), 6), loc="upper center",
              bbox_to_anchor=(0.5, -0.1), frameon=False)
    ax.grid(axis="y", alpha=0.3)
    fig.tight_layout()
    return _save(fig, path)


def plot_deltas(c: Comparison, path: Path, measure: str = HEADLINE) -> Path:
    """Per other run: its per-brief ``measure`` minus the reference's, sorted."""
    plt = _pyplot()
    others = c.runs[1:] or c.runs[:1]
    fig, axes = plt.subplots(len(others), 1, figsize=(9.0, 1.9 * len(others) + 0.8),
                             sharex=True, squeeze=False)
    ref = c.reference
    for ax, r in zip(axes[:, 0], others, strict=True):
        deltas = sorted((r.per_brief[measure][q] - ref.per_brief[measure][q] for q in c.briefs),
                        reverse=True)
        colors = ["#2a9d8f" if d > 0 else "#e76f51" if d < 0 else "#999999" for d in deltas]
        ax.bar(range(len(deltas)), deltas, color=colors)
        ax.axhline(0, color="black", linewidth=0.6)
        wins = sum(d > 0 for d in deltas)
        losses = sum(d < 0 for d in deltas)
        ax.set_ylabel("Δ", rotation=0, labelpad=10)
        ax.set_title(f"{r.name} minus {ref.name}: {measure} per brief "
                     f"(mean {sum(deltas) / max(1, len(deltas)):+.3f}; {wins} better, "
                     f"{losses} worse)", fontsize="medium")
        ax.set_ylim(-1, 1)
        ax.grid(axis="y", alpha=0.3)
    axes[-1, 0].set_xlabel("briefs, sorted by difference")
    fig.tight_layout()
    return _save(fig, path)


def _pyplot():  # type: ignore[no-untyped-def]
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    return plt


def _save(fig: object, path: Path) -> Path:
    import matplotlib.pyplot as plt

    path.parent.mkdir(parents=True, exist_ok=True)
    fig.savefig(path, dpi=110, metadata={"Software": None})  # type: ignore[attr-defined]
    plt.close(fig)  # type: ignore[arg-type]
    return path


# -- report files --------------------------------------------------------------------------
def write_report(c: Comparison, out_dir: Path, *, notes: Sequence[str] = ()) -> dict[str, Path]:
    """``report.md``, ``report.html``, ``results.json`` and the two plots in ``out_dir``."""
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    files = {
        "metrics_plot": plot_metrics(c, out_dir / PLOT_METRICS),
        "deltas_plot": plot_deltas(c, out_dir / PLOT_DELTAS),
    }
    legend = (f"Paired {c.test} test against `{c.reference.name}` over {len(c.briefs)} briefs: "
              f"† p < {ALPHA}, ‡ p < {STRONG_ALPHA}.")
    md = [f"# {c.title}", "", legend, "", markdown_table(metric_table(c)), ""]
    by_group = group_table(c)
    if by_group:
        md += ["## By brief group", "", markdown_table(by_group), ""]
    props = property_table(c)
    if props:
        md += ["## Beyond accuracy", "", markdown_table(props), ""]
    md += [f"![metrics]({PLOT_METRICS})", "", f"![per-brief deltas]({PLOT_DELTAS})", ""]
    md += [*notes, ""] if notes else []
    md += ["## Measures", ""]
    md += [f"- **{m.name}** ({m.ir_measures}): {m.description}" for m in MEASURES]
    files["markdown"] = out_dir / "report.md"
    files["markdown"].write_text("\n".join(md) + "\n", encoding="utf-8")
    files["html"] = out_dir / "report.html"
    files["html"].write_text(_html(c, legend, by_group, props, notes), encoding="utf-8")
    files["json"] = out_dir / "results.json"
    files["json"].write_text(json.dumps(c.to_dict(), indent=2) + "\n", encoding="utf-8")
    return files


def _html_table(rows: list[list[str]]) -> str:
    head = "".join(f"<th>{html.escape(x)}</th>" for x in rows[0])
    body = "".join("<tr>" + "".join(f"<td>{html.escape(x)}</td>" for x in row) + "</tr>"
                   for row in rows[1:])
    return f"<table><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>"


def _html(c: Comparison, legend: str, by_group: list[list[str]] | None,
          props: list[list[str]] | None, notes: Sequence[str]) -> str:
    parts = [
        "<!doctype html><html lang=en><head><meta charset=utf-8>",
        f"<title>{html.escape(c.title)}</title><style>",
        "body{font-family:system-ui,sans-serif;margin:2rem;max-width:70rem}",
        "table{border-collapse:collapse;margin:1rem 0}td,th{border:1px solid #ccc;",
        "padding:.3rem .6rem;text-align:right}td:first-child,th:first-child{text-align:left}",
        "img{max-width:100%}</style></head><body>",
        f"<h1>{html.escape(c.title)}</h1><p>{html.escape(legend)}</p>",
        _html_table(metric_table(c)),
    ]
    if by_group:
        parts += ["<h2>By brief group</h2>", _html_table(by_group)]
    if props:
        parts += ["<h2>Beyond accuracy</h2>", _html_table(props)]
    parts += [f'<img src="{PLOT_METRICS}" alt="metrics per run">',
              f'<img src="{PLOT_DELTAS}" alt="per-brief nDCG@10 differences">']
    parts += [f"<p>{html.escape(n)}</p>" for n in notes]
    parts += ["<h2>Measures</h2><ul>"]
    parts += [f"<li><b>{html.escape(m.name)}</b> ({html.escape(m.ir_measures)}): "
              f"{html.escape(m.description)}</li>" for m in MEASURES]
    parts += ["</ul></body></html>\n"]
    return "".join(parts)
