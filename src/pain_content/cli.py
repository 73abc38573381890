"""The ``pain-content`` command line: verbs, printing, exit codes.

Exit 0 on success, 1 on failure or findings, 2 on usage errors. Errors are
printed as one ``path:line: error: message`` line; a failing command writes
no file at all.
"""

from __future__ import annotations

import argparse
import functools
import json
import os
import sys
from collections.abc import Callable, Sequence
from contextlib import nullcontext
from pathlib import Path
from typing import NoReturn, TextIO

from . import __version__
from .build import BuildReport, build_site, load_check_settings
from .catalog_files import (
    find_locale_folders,
    find_templates,
    format_catalog,
    plan_compiled,
    plan_new_catalogs,
    plan_templates,
    plan_updates,
    project_lock,
    read_catalog,
    write_planned,
)
from .catalogs import CatalogStats, catalog_stats
from .checks import CONFIG_FILE_NAME, Finding, check_catalog
from .errors import CatalogError, Location, PainContentError, UsageError
from .locales import SOURCE_LOCALE, folder_name, lang_tag, parse_locale
from .serve import LOCALHOST, serve_site
from .ui import UI_DOMAIN, UI_LOCALE_DIR
from .xliff import catalog_to_xliff, xliff_to_catalog

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
        "init", parents=[folders, wrapping], help="start a new catalog per template for a locale"
    )
    init.add_argument("-l", "--locale", required=True, help="locale, such as es, pt_BR or pt-BR")

    update = verbs.add_parser(
        "update", parents=[folders, wrapping], help="merge templates into every catalog"
    )
    update.add_argument(
        "--check", action="store_true", help="write nothing; exit 1 if a catalog is out of date"
    )

    compile_ = verbs.add_parser(
        "compile", parents=[folders], help="write a .mo beside each stale .po"
    )
    compile_.add_argument(
        "-f", "--use-fuzzy", action="store_true", help="include fuzzy translations"
    )

    stats = verbs.add_parser("stats", parents=[folders], help="completeness per article and locale")
    stats.add_argument("--json", action="store_true", help="print JSON")

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
        "import", parents=[folders], help="apply translated XLIFF files to the catalogs"
    )
    import_.add_argument("--format", choices=["xliff"], default="xliff", help="file format (xliff)")
    import_.add_argument("-l", "--locale", required=True, help="the target locale")
    import_.add_argument("files", nargs="+", type=Path, help="XLIFF files named <slug>.xlf")

    site = _Parser(add_help=False)
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
        type=int,
        default=1,
        help="render languages in this many processes (default: 1)",
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


def _width(arguments: argparse.Namespace) -> int:
    return 0 if arguments.no_wrap else int(arguments.width)


def _report(paths: Sequence[Path], verb: str, arguments: argparse.Namespace) -> None:
    if arguments.quiet:
        return
    for path in paths:
        print(f"{verb} {path}")


def _progress_line(stream: TextIO, *, quiet: bool) -> Callable[[str], None] | None:
    """Progress on a terminal only, rewritten in place; nothing in logs or pipes."""
    if quiet or not stream.isatty():
        return None

    def show(message: str) -> None:
        stream.write(f"\r\x1b[K{message}")
        stream.flush()

    return show


def _error_prefix(stream: TextIO) -> str:
    """'error:' in red on a terminal, plain when piped or when NO_COLOR is set."""
    if stream.isatty() and not os.environ.get("NO_COLOR"):
        return "\x1b[31merror:\x1b[0m"
    return "error:"


def _extract(arguments: argparse.Namespace) -> int:
    planned = plan_templates(arguments.source, arguments.locales, width=_width(arguments))
    if arguments.check:
        _report(list(planned), "out of date:", arguments)
        return EXIT_FAILURE if planned else EXIT_OK
    _report(write_planned(planned), "wrote", arguments)
    return EXIT_OK


def _init(arguments: argparse.Namespace) -> int:
    locale = parse_locale(arguments.locale)
    _report(
        write_planned(plan_new_catalogs(arguments.locales, locale, width=_width(arguments))),
        "created",
        arguments,
    )
    return EXIT_OK


def _update(arguments: argparse.Namespace) -> int:
    planned = plan_updates(arguments.locales, width=_width(arguments))
    if arguments.check:
        _report(list(planned), "out of date:", arguments)
        return EXIT_FAILURE if planned else EXIT_OK
    _report(write_planned(planned), "updated", arguments)
    return EXIT_OK


def _compile(arguments: argparse.Namespace) -> int:
    planned = plan_compiled(
        arguments.locales, use_fuzzy=arguments.use_fuzzy, force=arguments.use_fuzzy
    )
    _report(write_planned(planned), "compiled", arguments)
    return EXIT_OK


def _stats_rows(locales_dir: Path) -> list[tuple[str, str, str, CatalogStats]]:
    rows = []
    for template in find_templates(locales_dir):
        for folder in find_locale_folders(locales_dir):
            po_path = locales_dir / folder / "LC_MESSAGES" / f"{template.stem}.po"
            if po_path.is_file():
                rows.append(
                    (
                        "article",
                        template.stem,
                        folder_name(parse_locale(folder)),
                        catalog_stats(read_catalog(po_path)),
                    )
                )
    # The page chrome's own catalogs ship inside the package: report them for
    # the project's languages too, since a page needs both.
    for folder in find_locale_folders(locales_dir):
        ui_path = UI_LOCALE_DIR / folder / "LC_MESSAGES" / f"{UI_DOMAIN}.po"
        rows.append(
            (
                UI_DOMAIN,
                "page chrome",
                folder_name(parse_locale(folder)),
                catalog_stats(read_catalog(ui_path)) if ui_path.is_file() else _missing_ui_stats(),
            )
        )
    return rows


def _missing_ui_stats() -> CatalogStats:
    template = read_catalog(UI_LOCALE_DIR / f"{UI_DOMAIN}.pot")
    return catalog_stats(template)


def _stats(arguments: argparse.Namespace) -> int:
    rows = _stats_rows(arguments.locales)
    if arguments.json:
        records = [
            {
                "domain": domain,
                "article": article,
                "locale": locale,
                "translated": stats.translated,
                "fuzzy": stats.fuzzy,
                "untranslated": stats.untranslated,
                "obsolete": stats.obsolete,
                "words": {
                    "translated": stats.translated_words,
                    "fuzzy": stats.fuzzy_words,
                    "untranslated": stats.untranslated_words,
                    "obsolete": stats.obsolete_words,
                },
                "percent_translated": round(stats.percent_translated, 1),
            }
            for domain, article, locale, stats in rows
        ]
        print(json.dumps(records, indent=2, ensure_ascii=False))
        return EXIT_OK
    header = f"{'article':<40} {'locale':<8} {'translated':>10} {'fuzzy':>6} {'untransl.':>9} {'obsolete':>8} {'words':>11} {'%':>6}"
    print(header)
    for _domain, article, locale, stats in rows:
        words = f"{stats.translated_words}/{stats.translated_words + stats.fuzzy_words + stats.untranslated_words}"
        print(
            f"{article:<40} {locale:<8} {stats.translated:>10} {stats.fuzzy:>6} "
            f"{stats.untranslated:>9} {stats.obsolete:>8} {words:>11} {stats.percent_translated:>5.1f}%"
        )
    return EXIT_OK


def _build(arguments: argparse.Namespace) -> int:
    progress = _progress_line(sys.stderr, quiet=arguments.quiet)
    report = build_site(
        source_dir=arguments.source,
        locales_dir=arguments.locales,
        output_dir=arguments.output,
        locales=arguments.locale,
        fragment=arguments.fragment,
        pdf=arguments.pdf,
        jobs=arguments.jobs,
        progress=progress,
    )
    if progress is not None:
        sys.stderr.write("\r\x1b[K")
    if arguments.quiet:
        return EXIT_OK
    for item in report.held_back:
        print(f"{item.path}:{item.line}: warning: held back: {item.reason}", file=sys.stderr)
    print(
        f"built {len(report.languages)} languages into {arguments.output}: "
        f"{len(report.written)} files written, {report.unchanged} unchanged, "
        f"{len(report.held_back)} translations held back"
    )
    return EXIT_OK


def _serve(arguments: argparse.Namespace) -> int:
    def build() -> BuildReport | None:
        try:
            with project_lock(arguments.locales):
                return build_site(
                    source_dir=arguments.source,
                    locales_dir=arguments.locales,
                    output_dir=arguments.output,
                    locales=arguments.locale,
                    pdf=arguments.pdf,
                )
        except PainContentError as exc:
            # A half-typed catalog must not stop the preview: say what is wrong
            # and keep serving the last good build.
            _print_error(exc)
            return None

    def rebuild(changed: Sequence[Path]) -> None:
        report = build()
        if report is not None and not arguments.quiet:
            names = ", ".join(path.name for path in changed)
            print(f"rebuilt after {names}: {len(report.written)} files written", flush=True)

    first = build()
    if first is None:
        return EXIT_FAILURE

    def listening(address: str) -> None:
        for tag in first.languages:
            print(f"{address}{tag}/index.html", flush=True)

    try:
        serve_site(
            output_dir=arguments.output,
            source_dir=arguments.source,
            locales_dir=arguments.locales,
            config_path=arguments.source.parent / CONFIG_FILE_NAME,
            rebuild=rebuild,
            on_listening=listening,
            host=arguments.host,
            port=arguments.port,
        )
    except OSError as exc:
        raise UsageError(
            f"cannot listen on {arguments.host}:{arguments.port}: {exc.strerror}",
            Location(arguments.host, 0),
        ) from exc
    return EXIT_OK


def _check(arguments: argparse.Namespace) -> int:
    config = load_check_settings(arguments.source.parent if arguments.source.name else Path("."))
    wanted = {folder_name(parse_locale(name)) for name in arguments.locale}
    results = []
    for folder in find_locale_folders(arguments.locales):
        if wanted and folder not in wanted:
            continue
        locale = parse_locale(folder)
        for po_path in sorted((arguments.locales / folder / "LC_MESSAGES").glob("*.po")):
            findings = check_catalog(read_catalog(po_path), locale=locale, config=config)
            results.append((po_path, findings))
    errors = sum(1 for _, findings in results for f in findings if f.severity == "error")
    warnings = sum(1 for _, findings in results for f in findings if f.severity == "warning")
    if arguments.json:
        print(
            json.dumps(
                check_report(results, errors=errors, warnings=warnings),
                indent=2,
                ensure_ascii=False,
            )
        )
    else:
        for po_path, findings in results:
            for finding in findings:
                print(
                    f"{po_path}:{finding.line}: {finding.severity}: {finding.code}: {finding.message}"
                )
        if not arguments.quiet:
            print(
                f"{errors} errors, {warnings} warnings in {len(results)} catalogs", file=sys.stderr
            )
    return EXIT_FAILURE if errors else EXIT_OK


def _export(arguments: argparse.Namespace) -> int:
    locale = parse_locale(arguments.locale)
    folder = folder_name(locale)
    planned: dict[Path, bytes] = {}
    for template in find_templates(arguments.locales):
        po_path = arguments.locales / folder / "LC_MESSAGES" / f"{template.stem}.po"
        if not po_path.is_file():
            raise UsageError(
                f"no catalog for locale {folder}; run init first", Location(str(po_path), 0)
            )
        document = catalog_to_xliff(
            read_catalog(po_path),
            source_language=SOURCE_LOCALE,
            target_language=lang_tag(locale),
            original=po_path.as_posix(),
        )
        planned[arguments.output / lang_tag(locale) / f"{template.stem}.xlf"] = document.encode(
            "utf-8"
        )
    _report(write_planned(planned), "wrote", arguments)
    return EXIT_OK


def _import(arguments: argparse.Namespace) -> int:
    folder = folder_name(parse_locale(arguments.locale))
    planned: dict[Path, bytes] = {}
    for xliff_path in arguments.files:
        po_path = arguments.locales / folder / "LC_MESSAGES" / f"{xliff_path.stem}.po"
        if not po_path.is_file():
            raise UsageError(f"no catalog {po_path} for this file", Location(str(xliff_path), 0))
        try:
            text = xliff_path.read_text("utf-8")
        except (OSError, UnicodeDecodeError) as exc:
            raise CatalogError(f"cannot read: {exc}", Location(str(xliff_path), 0)) from exc
        catalog = xliff_to_catalog(text, read_catalog(po_path), path=str(xliff_path))
        content = format_catalog(catalog).encode("utf-8")
        if content != po_path.read_bytes():
            planned[po_path] = content
    _report(write_planned(planned), "updated", arguments)
    return EXIT_OK


def check_report(
    results: Sequence[tuple[Path, Sequence[Finding]]], *, errors: int, warnings: int
) -> dict[str, object]:
    """The ``check --json`` document; its schema is docs/check-schema.json."""
    return {
        "version": 1,
        "summary": {"catalogs": len(results), "errors": errors, "warnings": warnings},
        "findings": [
            {
                "path": str(po_path),
                "line": finding.line,
                "severity": finding.severity,
                "code": finding.code,
                "message": finding.message,
                "msgid": finding.msgid,
            }
            for po_path, findings in results
            for finding in findings
        ],
    }


_VERBS = {
    "extract": _extract,
    "init": _init,
    "update": _update,
    "compile": _compile,
    "stats": _stats,
    "check": _check,
    "export": _export,
    "import": _import,
    "build": _build,
    "serve": _serve,
}


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; return the exit code."""
    parser = build_parser()
    try:
        arguments = parser.parse_args(argv)
    except SystemExit as exc:
        return int(exc.code or 0)
    try:
        # serve takes the project lock for each build, not while it waits for saves.
        lock = nullcontext() if arguments.verb == "serve" else project_lock(arguments.locales)
        with lock:
            return _VERBS[arguments.verb](arguments)
    except PainContentError as exc:
        _print_error(exc)
        return EXIT_USAGE if isinstance(exc, UsageError) else EXIT_FAILURE


def _print_error(exc: PainContentError) -> None:
    where = f"{exc.location}: " if exc.location else ""
    print(f"{where}{_error_prefix(sys.stderr)} {exc.message}", file=sys.stderr, flush=True)
