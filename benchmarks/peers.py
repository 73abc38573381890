"""The peers, measured the same way: mdpo (md4c, a C parser) and translate-toolkit.

Both are optional (``benchmarks/requirements.txt``); their modules are
imported inside the worker that measures them. A peer failing on a file is
counted, not fatal.
"""

from __future__ import annotations

import io
import logging
from collections.abc import Callable
from typing import Any

from .articles import Article, make_articles
from .measuring import Result, floor_pass_for, measure

_Run = Callable[[int], None]


def _silence_translate_toolkit() -> None:
    logging.disable(logging.WARNING)  # translate-toolkit warns on duplicate units


def _mdpo_extract(articles: list[Article], failures: dict[str, str]) -> _Run:
    from mdpo.md2po import markdown_to_pofile

    def run(_: int) -> None:
        for article in articles:
            try:
                markdown_to_pofile(str(article.path)).__unicode__()
            except Exception as exc:
                failures[article.slug] = repr(exc)[:200]

    return run


def _translate_toolkit_extract(articles: list[Article], failures: dict[str, str]) -> _Run:
    _silence_translate_toolkit()
    from translate.convert.md2po import MD2POOptionParser

    parser = MD2POOptionParser()
    sources = [article.text.encode("utf-8") for article in articles]

    def run(_: int) -> None:
        for article, raw in zip(articles, sources, strict=True):
            try:
                parser._extract_translation_units(
                    io.BytesIO(raw), io.BytesIO(), None, "msgctxt", "onefile"
                )
            except Exception as exc:
                failures[article.slug] = repr(exc)[:200]

    return run


_EXTRACTORS = {"mdpo": _mdpo_extract, "translate-toolkit": _translate_toolkit_extract}


def measure_peer_extraction(spec: Result) -> Result:
    """A peer's md2po over the corpus, serialised."""
    articles = make_articles(spec["articles"])
    failures: dict[str, str] = {}
    run = _EXTRACTORS[spec["tool"]](articles, failures)
    result = measure(run, floor_pass_for([a.text for a in articles]), spec["repeats"])
    return _with_failures(result, failures, documents_per_floor_pass=1)


class _Identical:
    """How many outputs of the warm-up (one language) came back as the source."""

    def __init__(self) -> None:
        self.count = 0


def _mdpo_localize(
    articles: list[Article], languages: int, failures: dict[str, str], identical: _Identical
) -> _Run:
    from mdpo.md2po import markdown_to_pofile
    from mdpo.po2md import Po2Md

    catalogs: list[list[Any]] = []
    for article in articles:
        # po2md rebuilds its lookup dicts from the catalog on every call, so
        # one parsed catalog can stand for every language.
        try:
            catalog = markdown_to_pofile(str(article.path))
        except Exception as exc:
            failures[article.slug] = "md2po: " + repr(exc)[:200]
            catalogs.append([])
            continue
        for entry in catalog:
            entry.msgstr = entry.msgid
        catalogs.append([catalog] * languages)

    def run(index: int) -> None:
        for article, per_language in zip(articles, catalogs, strict=True):
            first = True
            for catalog in per_language[: 1 if index == -1 else None]:
                try:
                    translator = Po2Md([])
                    translator.pofiles = [catalog]
                    output = translator.translate(str(article.path))
                except Exception as exc:
                    failures[article.slug] = repr(exc)[:200]
                    continue
                if index == -1 and first:
                    identical.count += output == article.text
                first = False

    return run


def _translate_toolkit_localize(
    articles: list[Article], languages: int, failures: dict[str, str], identical: _Identical
) -> _Run:
    _silence_translate_toolkit()
    from translate.convert.md2po import MD2POOptionParser
    from translate.convert.po2md import MarkdownTranslator
    from translate.storage import po

    parser = MD2POOptionParser()
    stores: list[list[Any]] = []
    for article in articles:
        per_language = []
        try:
            pot = io.BytesIO()
            parser._extract_translation_units(
                io.BytesIO(article.text.encode("utf-8")), pot, None, "msgctxt", "onefile"
            )
            for _ in range(languages):
                store = po.pofile(io.BytesIO(pot.getvalue()))
                for unit in store.units:
                    if not unit.isheader():
                        unit.target = unit.source
                per_language.append(store)
        except Exception as exc:
            failures[article.slug] = "md2po: " + repr(exc)[:200]
        stores.append(per_language)
    sources = [article.text.encode("utf-8") for article in articles]

    def run(index: int) -> None:
        for article, raw, per_language in zip(articles, sources, stores, strict=True):
            for store in per_language[: 1 if index == -1 else None]:
                try:
                    output = io.BytesIO()
                    MarkdownTranslator(store, False, None, 80).translate(io.BytesIO(raw), output)
                except Exception as exc:
                    failures[article.slug] = repr(exc)[:200]
                    continue
                if index == -1 and store is per_language[0]:
                    identical.count += output.getvalue() == raw

    return run


_LOCALIZERS = {"mdpo": _mdpo_localize, "translate-toolkit": _translate_toolkit_localize}


def measure_peer_localization(spec: Result) -> Result:
    """A peer's po2md on every article in every language, with identity catalogs
    made by its own md2po and parsed before timing."""
    articles = make_articles(spec["articles"])
    failures: dict[str, str] = {}
    identical = _Identical()
    run = _LOCALIZERS[spec["tool"]](articles, spec["languages"], failures, identical)
    result = measure(run, floor_pass_for([a.text for a in articles]), spec["repeats"])
    result["outputs_identical_to_source"] = identical.count
    return _with_failures(result, failures, documents_per_floor_pass=spec["languages"])


def _with_failures(
    result: Result, failures: dict[str, str], *, documents_per_floor_pass: int
) -> Result:
    result["failures"] = len(failures)
    result["failure_examples"] = dict(list(failures.items())[:5])
    result["documents_per_floor_pass"] = documents_per_floor_pass
    return result
