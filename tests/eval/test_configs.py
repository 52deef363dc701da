"""Named configs and TOML configs."""

from __future__ import annotations

from pathlib import Path

import pytest

from eval.configs import BASELINES, NAMED, RunConfig, load_run_config
from ranker.signals import SIGNAL_NAMES
from scout.errors import ConfigError


def test_the_shipped_baselines_and_the_default_blend_exist() -> None:
    assert set(BASELINES) | {"scout-default"} == set(NAMED)
    assert NAMED["followers"].kind == "followers"
    assert NAMED["hybrid-rrf"].fuse == ("bm25", "dense") and NAMED["hybrid-rrf"].rrf_k == 60
    assert NAMED["scout-default"].ranker_weights() is None


def test_a_base_none_config_uses_only_its_listed_signals() -> None:
    weights = NAMED["bm25"].ranker_weights()
    assert weights is not None and set(weights) == set(SIGNAL_NAMES)
    assert {n for n, w in weights.items() if w > 0} == {"lexical"}


def test_toml_round_trip(tmp_path: Path) -> None:
    config = RunConfig("mine", base="none", weights={"lexical": 0.25, "audience_fit": 0.75},
                       description="a test")
    path = tmp_path / "mine.toml"
    path.write_text(config.to_toml())
    assert load_run_config(path) == config
    path.write_text("[weights]\nlexical = 0.3\n")
    loaded = load_run_config(path)
    assert loaded.name == "mine" and loaded.base == "default"
    assert loaded.ranker_weights() == {"lexical": 0.3}


def test_bad_configs_name_the_problem(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match="no config named 'nope'"):
        load_run_config("nope")
    path = tmp_path / "bad.toml"
    path.write_text("[weights]\nlexicon = 0.3\n")
    with pytest.raises(ConfigError, match="unknown signal 'lexicon'") as err:
        load_run_config(path)
    assert err.value.field == "weights.lexicon"
    path.write_text("kind = 'rrf'\nfuse = ['bm25']\n")
    with pytest.raises(ConfigError, match="at least two"):
        load_run_config(path)
    path.write_text("colour = 'red'\n")
    with pytest.raises(ConfigError, match="unknown setting 'colour'"):
        load_run_config(path)
    path.write_text("[weights]\nlexical = -1\n")
    with pytest.raises(ConfigError, match=">= 0"):
        load_run_config(path)


def test_brief_fields_apply_to_every_brief_and_tables_patch(tmp_path: Path) -> None:
    from schemas import Brief
    from scout.errors import ConfigError

    path = tmp_path / "c.toml"
    path.write_text('name = "c"\n[brief]\nmin_confidence = "medium"\n'
                    '[brief.competitors]\nmode = "penalise"\npenalty = 0.0\n')
    config = load_run_config(path)
    rivals = Brief.model_validate({"text": "x", "competitors": {"brands": ["OatCo"]}})
    patched = config.apply(rivals)
    assert patched.min_confidence == "medium"
    assert patched.competitors is not None and patched.competitors.mode == "penalise"
    assert patched.competitors.brands == ["OatCo"] and patched.competitors.penalty == 0.0
    plain = config.apply(Brief.model_validate({"text": "x"}))
    assert plain.competitors is None and plain.min_confidence == "medium"
    assert load_run_config(path).to_toml().count("[brief]") == 1
    again = tmp_path / "again.toml"
    again.write_text(config.to_toml())
    assert load_run_config(again).brief == config.brief
    bad = tmp_path / "bad.toml"
    bad.write_text('name = "bad"\n[brief]\nmin_confidence = "sure"\n')
    with pytest.raises(ConfigError) as info:
        load_run_config(bad)
    assert info.value.field == "min_confidence"


@pytest.mark.parametrize("name", sorted(p.stem for p in Path("docs/eval-configs").glob("*.toml")))
def test_the_documented_eval_configs_load(name: str) -> None:
    assert load_run_config(f"docs/eval-configs/{name}.toml").name == name


def test_a_config_may_set_brief_fields(tmp_path: Path) -> None:
    config = RunConfig("strict", weights={"credibility": 0.1},
                       brief={"min_credibility": 0.5, "brand_safety": "strict"})
    path = tmp_path / "strict.toml"
    path.write_text(config.to_toml())
    assert load_run_config(path) == config
    path.write_text("[brief]\nmin_credibilty = 0.5\n")
    with pytest.raises(ConfigError) as err:
        load_run_config(path)
    assert err.value.field == "min_credibilty"


def test_a_learned_config_is_also_an_engine_config(tmp_path: Path) -> None:
    from scout.config import load_config

    learned = RunConfig("learned", base="none",
                        weights={"content_similarity": 0.5, "past_performance": 0.1,
                                 "lexical": 0.4})
    path = tmp_path / "learned.toml"
    path.write_text("# a comment\n" + learned.to_toml(engine=True), encoding="utf-8")
    again = load_run_config(path)
    assert again.ranker_weights() == learned.ranker_weights()
    engine = load_config(path)
    assert engine.weights == learned.ranker_weights()
    assert engine.weights["past_performance"] == 0.1 and engine.weights["recency"] == 0.0
