"""Tokenising for lexical search and highlighting (shared by stores and ranker)."""

from __future__ import annotations

import re

_WORD = re.compile(r"[^\W_]+(?:['’][^\W_]+)?", re.UNICODE)

#: Words that carry no topic in a brief; kept small and English-first.
STOPWORDS = frozenset(
    """a an and are as at be but by for from has have i if in into is it its me my of on or
    our so that the their them then there these they this to was we were what when which who
    will with you your want wants looking launch launching need needs new our us via would
    should could some any more most very just also get""".split()  # noqa: SIM905
)


def tokens(text: str) -> list[str]:
    """Lower-cased word tokens of ``text`` without stopwords, in order, de-duplicated."""
    seen: dict[str, None] = {}
    for match in _WORD.finditer(text.lower()):
        word = match.group(0).replace("’", "'")
        if len(word) > 1 and word not in STOPWORDS:
            seen.setdefault(word, None)
    return list(seen)


def fts_words(text: str, max_terms: int = 32) -> list[str]:
    """The words of :func:`fts_query`, each one quoted phrase of the ``OR`` query."""
    return tokens(text)[:max_terms]


def fts_query(text: str, max_terms: int = 32) -> str | None:
    """An FTS5 ``OR`` query of the tokens of ``text`` (None when nothing is left)."""
    words = fts_words(text, max_terms)
    if not words:
        return None
    return " OR ".join('"' + w.replace('"', '""') + '"' for w in words)
