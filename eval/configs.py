"""Ranker configurations the evaluation runs, as data: the shipped baselines and TOML files.

A config is one of three kinds:

* ``blend`` — Scout's ranker with signal weights. ``base = "default"`` starts
  from Scout's default weights and overrides the ones listed; ``base = "none"``
  uses only the listed signals (a baseline such as BM25 alone). The brief's
  objective multipliers and applicability rules apply as in production.
* ``followers`` — the creators passing the brief's hard filters, by follower
  count (what a naive tool does).
* ``rrf`` — reciprocal rank fusion, ``sum 1 / (k + rank)``, of other configs' runs.

A TOML file looks like::

    name = "my-weights"
    kind = "blend"            # optional, blend by default
    base = "none"             # optional, "default" by default
    description = "..."
    [weights]
    content_similarity = 0.3
    lexical = 0.2
    [brief]                   # optional: fields set on every benchmark brief
    min_confidence = "medium"
    [brief.competitors]       # a table patches the brief's own (briefs without one keep none)
    mode = "penalise"
"""

from __future__ import annotations

import tomllib
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal

from ranker.signals import SIGNAL_NAMES
from scout.errors import ConfigError

Kind = Literal["blend", "followers", "rrf"]
KINDS: tuple[str, ...] = ("blend", "followers", "rrf")


@dataclass(frozen=True)
class RunConfig:
    """How to rank the benchmark's briefs (see the module docstring)."""

    name: str
    kind: Kind = "blend"
    description: str = ""
    weights: Mapping[str, float] = field(default_factory=dict)
    base: Literal["default", "none"] = "default"
    #: blend: results scoring 0 were not retrieved at all (e.g. no BM25 match) and are dropped.
    drop_zero: bool = False
    #: rrf: the configs whose runs are fused, and the RRF constant.
    fuse: tuple[str, ...] = ()
    rrf_k: int = 60
    #: Brief fields set on every brief before ranking (e.g. ``min_confidence``), to measure a
    #: brief option against the default; validated as a brief is.
    brief: Mapping[str, Any] = field(default_factory=dict)

    def __post_init__(self) -> None:
        if self.kind not in KINDS:
            raise ConfigError(f"config {self.name!r}: kind must be one of {', '.join(KINDS)}",
                              field="kind")
        if self.base not in ("default", "none"):
            raise ConfigError(f"config {self.name!r}: base must be default or none",
                              field="base")
        for name, weight in self.weights.items():
            if name not in SIGNAL_NAMES:
                raise ConfigError(f"config {self.name!r}: unknown signal {name!r}; signals "
                                  f"are {', '.join(SIGNAL_NAMES)}", field=f"weights.{name}")
            if not weight >= 0:
                raise ConfigError(f"config {self.name!r}: weight {name} must be >= 0",
                                  field=f"weights.{name}")
        if self.kind == "rrf" and len(self.fuse) < 2:
            raise ConfigError(f"config {self.name!r}: rrf needs at least two configs in fuse",
                              field="fuse")
        if self.rrf_k <= 0:
            raise ConfigError(f"config {self.name!r}: rrf_k must be positive", field="rrf_k")
        if self.brief:
            from schemas import Brief, parse  # the schema is only needed with overrides

            plain = {k: v for k, v in self.brief.items() if not isinstance(v, Mapping)}
            parse(Brief, {"text": "x", **plain}, ConfigError)

    def apply(self, brief: Any) -> Any:
        """``brief`` (a :class:`schemas.Brief`) with this config's brief fields set; a table
        patches the brief's own table of that name and is skipped where it has none."""
        if not self.brief:
            return brief
        from schemas import Brief, parse

        data = brief.model_dump(exclude_none=True)
        for key, value in self.brief.items():
            if not isinstance(value, Mapping):
                data[key] = value
            elif isinstance(data.get(key), dict):
                data[key] = {**data[key], **value}
        return parse(Brief, data, ConfigError)

    def ranker_weights(self) -> dict[str, float] | None:
        """Base weights for :class:`ranker.ranker.RankerSettings` (None: Scout's defaults)."""
        if self.base == "none":
            return {n: float(self.weights.get(n, 0.0)) for n in SIGNAL_NAMES}
        return {n: float(w) for n, w in self.weights.items()} or None

    def to_toml(self, *, engine: bool = False) -> str:
        """The config as TOML; with ``engine`` (blends only) also a ``[scout.weights]``
        table, so the same file is a ``scout.toml`` for ``scout serve/match --config``."""
        lines = [f"name = {_quote(self.name)}", f"kind = {_quote(self.kind)}"]
        if self.description:
            lines.append(f"description = {_quote(self.description)}")
        if self.kind == "blend":
            lines.append(f"base = {_quote(self.base)}")
            if self.drop_zero:
                lines.append("drop_zero = true")
            lines += ["", "[weights]"]
            lines += [f"{n} = {self.weights[n]:.4f}" for n in SIGNAL_NAMES if n in self.weights]
        if self.brief:
            lines += ["", "[brief]"]
            lines += [f"{k} = {_value(v)}" for k, v in self.brief.items()]
        if self.kind == "rrf":
            lines.append("fuse = [" + ", ".join(_quote(f) for f in self.fuse) + "]")
            lines.append(f"rrf_k = {self.rrf_k}")
        if engine and self.kind == "blend":
            weights = self.ranker_weights() or {}
            lines += ["", "# the same weights for the engine (scout serve / match --config FILE)",
                      "[scout.weights]"]
            lines += [f"{n} = {weights[n]:.4f}" for n in SIGNAL_NAMES if n in weights]
        return "\n".join(lines) + "\n"


#: The shipped configs, in the order reports list them.
NAMED: dict[str, RunConfig] = {c.name: c for c in (
    RunConfig("followers", kind="followers",
              description="creators passing the hard filters, most followers first"),
    RunConfig("bm25", base="none", weights={"lexical": 1.0}, drop_zero=True,
              description="lexical only: BM25 over profile and content text"),
    RunConfig("dense", base="none", drop_zero=True,
              weights={"content_similarity": 2.0, "profile_similarity": 1.0},
              description="semantic only: content and profile similarity (2:1)"),
    RunConfig("hybrid-rrf", kind="rrf", fuse=("bm25", "dense"), rrf_k=60,
              description="reciprocal rank fusion (k=60) of bm25 and dense"),
    RunConfig("scout-default", description="Scout's full blend with its default weights"),
)}
BASELINES: tuple[str, ...] = ("followers", "bm25", "dense", "hybrid-rrf")


def load_run_config(name_or_path: str | Path) -> RunConfig:
    """A shipped config by name, or one read from a TOML file."""
    key = str(name_or_path)
    if key in NAMED:
        return NAMED[key]
    path = Path(key)
    if not path.is_file():
        raise ConfigError(f"no config named {key!r} and no such file; named configs are "
                          f"{', '.join(NAMED)}", field="config")
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(f"config file {path}: {exc}", field="config") from None
    return config_from_dict(data, default_name=path.stem)


def config_from_dict(data: Mapping[str, Any], default_name: str = "config") -> RunConfig:
    # "scout": the engine's settings a learned config carries (scout.toml); not the eval's.
    known = {"name", "kind", "description", "weights", "base", "drop_zero", "fuse", "rrf_k",
             "brief", "scout"}
    unknown = sorted(set(data) - known)
    if unknown:
        raise ConfigError(f"config {default_name!r}: unknown setting {unknown[0]!r}",
                          field=unknown[0])
    weights = data.get("weights", {})
    if not isinstance(weights, Mapping):
        raise ConfigError(f"config {default_name!r}: weights must be a table", field="weights")
    brief = data.get("brief", {})
    if not isinstance(brief, Mapping):
        raise ConfigError(f"config {default_name!r}: brief must be a table", field="brief")
    try:
        return RunConfig(
            name=str(data.get("name", default_name)), kind=data.get("kind", "blend"),
            description=str(data.get("description", "")),
            weights={str(k): float(v) for k, v in weights.items()},
            base=data.get("base", "default"), drop_zero=bool(data.get("drop_zero", False)),
            fuse=tuple(str(f) for f in data.get("fuse", ())), rrf_k=int(data.get("rrf_k", 60)),
            brief=dict(brief),
        )
    except (TypeError, ValueError) as exc:
        raise ConfigError(f"config {default_name!r}: {exc}", field="config") from None


def _value(value: Any) -> str:
    """A TOML value for a brief field (strings, numbers, booleans, lists, tables)."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (int, float)):
        return repr(value)
    if isinstance(value, str):
        return _quote(value)
    if isinstance(value, Mapping):
        return "{" + ", ".join(f"{k} = {_value(v)}" for k, v in value.items()) + "}"
    return "[" + ", ".join(_value(v) for v in value) + "]"


def _quote(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'
