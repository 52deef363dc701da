"""Tokenising for BM25 queries and highlights."""

from __future__ import annotations

from indexer.text import fts_query, tokens


def test_tokens_lowercase_dedup_drop_stopwords_and_single_letters() -> None:
    assert tokens("Launching a NEW protein bar for the gym; protein!") == [
        "protein", "bar", "gym"]
    assert tokens("Crème brûlée, 15-minute ramen_bowl") == [
        "crème", "brûlée", "15", "minute", "ramen", "bowl"]
    assert tokens("don’t stop") == ["don't", "stop"]
    assert tokens("Größe straße") == ["größe", "straße"]


def test_fts_query_quotes_every_term() -> None:
    assert fts_query('protein "bar" OR gym') == '"protein" OR "bar" OR "gym"'
    assert fts_query("the and of") is None
    assert fts_query("") is None
    assert fts_query(" ".join(f"w{i}" for i in range(50)), max_terms=3) == '"w0" OR "w1" OR "w2"'
