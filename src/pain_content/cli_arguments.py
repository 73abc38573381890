"""The ``pain-content`` arguments: the parser, and docs/cli.md generated from it.

The exit codes live here because the parser itself exits with
:data:`EXIT_USAGE` on a usage error; :mod:`pain_content.cli` runs the verbs.
"""

from __future__ import annotations

import argparse
import functools
import sys
from pathlib import Path
from typing import NoReturn

from . import __version__
from .memory import MEMORY_CUTOFF
from .serve import LOCALHOST

EXIT_OK, EXIT_FAILURE, EXIT_USAGE = 0, 1, 2


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> NoReturn:
        self.print_usage(sys.stderr)
        self.exit(EXIT_USAGE, f"{self.prog}: error: {message}\n")


def build_parser() -> argparse.ArgumentParser:
    """The argument parser, shared by ``main`` and the generated CLI reference."""
    folders = _Parser(add_help=False)
    folders.add_argument("-q", "--quiet", action="store_true", help="print only errors")
    folders.add_argument(
        "--source",
        type=Path,
        default=Path("source"),
        help="folder of Markdown sources (default: source)",
    )
    folders.add_argument(
        "--locales",
        type=Path,
        default=Path("locales"),
        help="folder of catalogs (default: locales)",
    )
    wrapping = _Parser(add_help=False)
    wrapping.add_argument(
        "-w",
        "--width",
        type=int,
        default=79,
        help="wrap catalog lines at this width (default: 79, as GNU gettext)",
    )
    wrapping.add_argument("--no-wrap", action="store_true", help="do not wrap catalog lines")
    memory = _Parser(add_help=False)
    memory.add_argument(
        "--compendium",
        metavar="FILE.po",
        type=Path,
        action="append",
        default=[],
        help="also fill untranslated entries (fuzzy) from this catalog of translations, for the"
        " locale its Language header names (repeatable), as msgmerge --compendium",
    )

    parser = _Parser(
        prog="pain-content",
        description="Patient-education articles in many languages: extract, translate, build.",
    )
    parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    verbs = parser.add_subparsers(
        dest="verb", required=True, metavar="COMMAND", parser_class=_Parser
    )

    extract = verbs.add_parser(
        "extract", parents=[folders, wrapping], help="write locales/<slug>.pot from source/*.md"
    )
    extract.add_argument(
        "--check", action="store_true", help="write nothing; exit 1 if a template is out of date"
    )

    init = verbs.add_parser(
        "init",
        parents=[folders, wrapping, memory],
        help="start a new catalog per template for a locale",
    )
    init.add_argument("-l", "--locale", required=True, help="locale, such as es, pt_BR or pt-BR")

    update = verbs.add_parser(
        "update",
        parents=[folders, wrapping, memory],
        help="merge templates into every catalog; fill new text from the other articles' translations",
        description="Merge each template into its catalogs. An untranslated entry whose text (or a"
        f" text at least {int(MEMORY_CUTOFF * 100)}%% alike) another article of the locale has translated is filled"
        " from it, fuzzy, with a translator comment naming where it came from: it is not"
        " published until a translator clears the fuzzy flag.",
    )
    update.add_argument(
        "--check", action="store_true", help="write nothing; exit 1 if a catalog is out of date"
    )

    compile_ = verbs.add_parser(
        "compile",
        parents=[folders],
        help="write a .mo beside each stale .po; refuse article catalogs with check errors",
    )
    compile_.add_argument(
        "-f", "--use-fuzzy", action="store_true", help="include fuzzy translations"
    )
    compile_.add_argument(
        "--no-check",
        action="store_true",
        help="UNSAFE: compile article catalogs even when a critical check (a changed dose, "
        "number or link) fails, so patients may read the wrong text",
    )

    stats = verbs.add_parser("stats", parents=[folders], help="completeness per article and locale")
    stats.add_argument("--json", action="store_true", help="print JSON")

    memory_verb = verbs.add_parser(
        "memory",
        parents=[folders],
        help="the translation memory: how much of each article the other articles translate",
    )
    memory_verb.add_argument(
        "--stats",
        action="store_true",
        required=True,
        help="per locale and article: entries with an exact or close match elsewhere, words saved",
    )
    memory_verb.add_argument("--json", action="store_true", help="print JSON")
    memory_verb.add_argument(
        "-l", "--locale", action="append", default=[], help="only this locale (repeatable)"
    )

    glossary = verbs.add_parser(
        "glossary",
        parents=[folders],
        help="write the project's glossary (glossary.tbx or [glossary]) as TBX-Basic for CAT tools",
    )
    glossary.add_argument("-o", "--output", type=Path, required=True, help="the .tbx file to write")

    check = verbs.add_parser(
        "check", parents=[folders], help="clinical quality checks; exit 1 on any error"
    )
    check.add_argument(
        "-l", "--locale", action="append", default=[], help="check only this locale (repeatable)"
    )
    check.add_argument(
        "--json", action="store_true", help="print JSON (schema: docs/check-schema.json)"
    )

    export = verbs.add_parser(
        "export", parents=[folders], help="write XLIFF 2.1 files for a CAT tool, one per article"
    )
    export.add_argument("--format", choices=["xliff"], default="xliff", help="file format (xliff)")
    export.add_argument("-l", "--locale", required=True, help="the target locale")
    export.add_argument(
        "-o", "--output", type=Path, default=Path("xliff"), help="output folder (default: xliff)"
    )

    import_ = verbs.add_parser(
        "import",
        parents=[folders],
        help="apply translated XLIFF files to the catalogs",
        description="Apply translated XLIFF files to the catalogs, unit by unit. A unit whose"
        " English source changed since the export is skipped with a warning. A translation"
        " that fails a critical check (a changed dose, number, unit, link or markup: what"
        " build would hold back) is skipped with its finding, its catalog entry left as it was,"
        " never stored as a draft. Every other unit is imported. Only 'pain-content review'"
        " signs: a unit marked final keeps its review record only if the record matches the"
        " text reviewed; any other final is imported unsigned, and said so. Exit 1 when a unit"
        " was skipped (the others are still written), 2 on a usage error; a broken file"
        " (malformed XML, wrong language, unknown segment) writes nothing.",
    )
    import_.add_argument("--format", choices=["xliff"], default="xliff", help="file format (xliff)")
    import_.add_argument("-l", "--locale", required=True, help="the target locale")
    import_.add_argument("files", nargs="+", type=Path, help="XLIFF files named <slug>.xlf")

    review = verbs.add_parser(
        "review",
        parents=[folders],
        help="sign the entries a qualified medical translator approved (or --revoke)",
        description="Sign entries with a review record: translated, not fuzzy, no check error. "
        "Without --article, --lines or --interactive, every such entry of the locale is signed.",
    )
    review.add_argument("-l", "--locale", required=True, help="the locale reviewed")
    review.add_argument("--by", metavar="NAME", help="the reviewer's name, as recorded")
    review.add_argument("--article", metavar="SLUG", help="only this article's catalog")
    review.add_argument(
        "--lines",
        metavar="N,N...",
        help="only the entries at these .po line numbers (needs --article)",
    )
    review.add_argument(
        "--interactive",
        action="store_true",
        help="show each entry with its findings and ask y (sign), n (skip) or q (stop)",
    )
    review.add_argument(
        "--revoke", action="store_true", help="remove the review records of the chosen entries"
    )

    # What decides publication: build and serve apply it, report shows its outcome.
    gate = _Parser(add_help=False)
    gate.add_argument(
        "--completeness",
        type=_percent,
        metavar="PERCENT",
        help="publish an article in a language only when this share of its source words is"
        " translated and publishable (default: [site] completeness in pain-content.toml, or 80)",
    )
    gate.add_argument(
        "--require-review",
        action="store_true",
        help="publish only entries a qualified medical translator signed (pain-content review)",
    )

    report = verbs.add_parser(
        "report",
        parents=[folders, gate],
        help="one HTML page: every article in every language, completeness, review, findings",
    )
    report.add_argument(
        "-o", "--output", type=Path, help="write the page (or the JSON) to this file, not stdout"
    )
    report.add_argument("--json", action="store_true", help="the same figures as JSON")

    site = _Parser(add_help=False, parents=[gate])
    site.add_argument(
        "-o", "--output", type=Path, default=Path("site"), help="output folder (default: site)"
    )
    site.add_argument(
        "-l", "--locale", action="append", default=[], help="build only this locale (repeatable)"
    )
    site.add_argument(
        "--pdf",
        action="store_true",
        help="also make each page's printable handout, <lang-tag>/<slug>.pdf",
    )
    build = verbs.add_parser(
        "build", parents=[folders, site], help="compile what is stale and render the site"
    )
    build.add_argument(
        "-j",
        "--jobs",
        type=_positive_int,
        default=None,
        help="run the (article, language) jobs in this many processes; 1 runs them in this"
        " process (default: the number of cores)",
    )
    build.add_argument(
        "--fragment",
        action="store_true",
        help=(
            "write, instead of full pages, one <article> per page for a CMS (with lang, dir,"
            " the draft or reviewed notice, the review date and the disclaimer) and a JSON"
            " sidecar beside it (docs/fragment-schema.json)"
        ),
    )
    serve = verbs.add_parser(
        "serve",
        parents=[folders, site],
        help="build, serve the site on this machine, and build again when an input is saved",
    )
    serve.add_argument(
        "--port", type=int, default=0, help="port to listen on (default: a free one)"
    )
    serve.add_argument(
        "--host",
        default=LOCALHOST,
        help=f"address to listen on (default: {LOCALHOST}, this machine only)",
    )
    return parser


def reference_markdown() -> str:
    """The command-line reference (docs/cli.md), generated from the argument parser."""
    parser = build_parser()
    # A fixed width, so the reference does not depend on the terminal it was made in.
    parser.formatter_class = functools.partial(argparse.HelpFormatter, width=100)
    sections = [
        "# Command-line reference\n",
        "Generated from the argument parser by `python scripts/write_cli_reference.py`;"
        " a test fails when it is out of date.\n",
        "Exit codes: 0 success; 1 failure, findings, or (with `--check`) something out of"
        " date; 2 usage error. Errors are printed as one line, `path:line: error: message`,"
        " and a failing command writes no file.\n",
        f"```text\n{parser.format_help()}```\n",
    ]
    for action in parser._subparsers._group_actions if parser._subparsers else []:
        if isinstance(action, argparse._SubParsersAction):
            for name, subparser in action.choices.items():
                subparser.prog = f"pain-content {name}"
                subparser.formatter_class = parser.formatter_class
                sections.append(
                    f"## `pain-content {name}`\n\n```text\n{subparser.format_help()}```\n"
                )
    return "\n".join(sections)


def _percent(text: str) -> float:
    try:
        value = float(text)
    except ValueError:
        value = -1
    if not 0 <= value <= 100:
        raise argparse.ArgumentTypeError(f"expected a percentage from 0 to 100, got {text!r}")
    return value


def _positive_int(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        value = 0
    if value < 1:
        raise argparse.ArgumentTypeError(f"expected a whole number of at least 1, got {text!r}")
    return value
