"""Offline relevance evaluation of Scout's ranking (``scout eval``; see docs/evaluation.md).

* :mod:`eval.benchmark` — the judged benchmark (creators, briefs, qrels), built
  from :mod:`indexer.sample_data`'s hidden truth by :mod:`eval.judgments`;
* :mod:`eval.configs` — the configs runs use: baselines and TOML files;
* :mod:`eval.runner` — runs through Scout's engine; :func:`eval.runner.evaluate`
  is the one-call API other work builds on;
* :mod:`eval.metrics`, :mod:`eval.stats`, :mod:`eval.properties` — metrics,
  paired tests, properties beyond accuracy;
* :mod:`eval.report` — comparison tables, plots, Markdown/HTML reports;
* :mod:`eval.tune` — weight tuning on the train split.

Nothing heavy is imported here: the CLI registers its commands from
:mod:`eval.cli` on every ``scout`` start.
"""
