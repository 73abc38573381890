"""The ``pain-content`` command line: verbs, printing, exit codes.

Exit 0 on success, 1 on failure or findings, 2 on usage errors. Errors are
printed as one ``path:line: error: message`` line; a failing command writes
no file at all.
"""

from __future__ import annotations

import argparse
import functools
import json
import multiprocessing
import os
import shutil
import sys
import textwrap
from collections.abc import Iterator, Sequence
from concurrent.futures import ProcessPoolExecutor
from contextlib import contextmanager, nullcontext
from pathlib import Path
from typing import NoReturn, TextIO

import polib
from tqdm import tqdm

from . import __version__
from .atomic_writes import project_lock, write_planned
from .build import BuildReport, Progress, build_site, load_check_settings
from .catalog_files import (
    plan_export,
    plan_import,
    plan_new_catalogs,
    plan_templates,
    plan_updates,
    reproducible_now,
)
from .checks import CONFIG_FILE_NAME, Finding
from .errors import Location, PainContentError, UsageError
from .locales import parse_locale
from .project import project_dir
from .publishing import plan_compiled
from .report import read_project_report, render_report, report_json
from .review import Answer, check_reviewer_name, plan_review, plan_revocation
from .serve import LOCALHOST, serve_site
from .status import check_project, check_report, load_target_grade, read_stats, stats_json

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

    report = verbs.add_parser(
        "report",
        parents=[folders],
        help="one HTML page: every article in every language, completeness, review, findings",
    )
    report.add_argument(
        "-o", "--output", type=Path, help="write the page (or the JSON) to this file, not stdout"
    )
    report.add_argument("--json", action="store_true", help="the same figures as JSON")

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


def _width(arguments: argparse.Namespace) -> int:
    return 0 if arguments.no_wrap else int(arguments.width)


def _report(paths: Sequence[Path], verb: str, arguments: argparse.Namespace) -> None:
    if arguments.quiet:
        return
    for path in paths:
        print(f"{verb} {path}")


def _positive_int(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        value = 0
    if value < 1:
        raise argparse.ArgumentTypeError(f"expected a whole number of at least 1, got {text!r}")
    return value


@contextmanager
def _progress_bar(stream: TextIO, *, quiet: bool) -> Iterator[Progress | None]:
    """A progress bar on a terminal only; nothing in logs or pipes."""
    if quiet or not stream.isatty():
        yield None
        return
    # A terminal that reports no size (a fresh pty) gets the usual 80 x 24:
    # tqdm would otherwise hide its bar as outside the screen.
    size = shutil.get_terminal_size()
    with tqdm(file=stream, unit="page", leave=False, ncols=size.columns, nrows=size.lines) as bar:

        def show(done: int, total: int, name: str) -> None:
            bar.total = total
            bar.n = done
            bar.set_postfix_str(name)  # refreshes the bar

        yield show


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
    plan = plan_compiled(
        arguments.locales,
        source_dir=arguments.source,
        use_fuzzy=arguments.use_fuzzy,
        check=not arguments.no_check,
        config=load_check_settings(project_dir(arguments.source)),
    )
    for problem in plan.warnings:
        print(f"{problem.path}:{problem.line}: warning: {problem.message}", file=sys.stderr)
    if plan.errors:
        prefix = _error_prefix(sys.stderr)
        for problem in plan.errors:
            print(f"{problem.path}:{problem.line}: {prefix} {problem.message}", file=sys.stderr)
        return EXIT_FAILURE
    _report(write_planned(plan.files), "compiled", arguments)
    return EXIT_OK


def _stats(arguments: argparse.Namespace) -> int:
    rows = read_stats(arguments.locales)
    if arguments.json:
        print(json.dumps(stats_json(rows), indent=2, ensure_ascii=False))
        return EXIT_OK
    header = (
        f"{'article':<40} {'locale':<8} {'translated':>10} {'fuzzy':>6} {'untransl.':>9} "
        f"{'obsolete':>8} {'words':>11} {'%':>6} {'reviewed':>8} {'unrev.':>6} {'stale':>5}"
    )
    print(header)
    for row in rows:
        stats, review = row.stats, row.review
        words = f"{stats.translated_words}/{stats.translated_words + stats.fuzzy_words + stats.untranslated_words}"
        print(
            f"{row.article:<40} {row.locale:<8} {stats.translated:>10} {stats.fuzzy:>6} "
            f"{stats.untranslated:>9} {stats.obsolete:>8} {words:>11} {stats.percent_translated:>5.1f}% "
            f"{review.reviewed:>8} {review.unreviewed:>6} {review.stale:>5}"
        )
    return EXIT_OK


def _output_folder(path: Path, file_suffixes: tuple[str, ...]) -> Path:
    """The ``-o`` folder, refused when it names a file: one that exists, or a name
    with the suffix of the files that go inside (``-o out.xlf``)."""
    if path.exists() and not path.is_dir():
        raise UsageError("is a file; -o takes a folder", Location(str(path), 0))
    if path.suffix.lower() in file_suffixes:
        raise UsageError(
            f"names a {path.suffix} file; -o takes a folder, the files go inside it",
            Location(str(path), 0),
        )
    return path


def _chosen_lines(arguments: argparse.Namespace) -> list[int] | None:
    if arguments.lines is None:
        return None
    if not arguments.article:
        raise UsageError("--lines needs --article: line numbers belong to one catalog")
    try:
        return [int(part) for part in arguments.lines.split(",") if part.strip()]
    except ValueError as exc:
        raise UsageError(
            f"--lines takes line numbers such as 12,40, not {arguments.lines!r}"
        ) from exc


def _side_by_side(left: str, right: str, width: int) -> list[str]:
    """Two columns, source and translation, each wrapped to half the terminal."""
    column = max(20, (width - 3) // 2)
    left_lines = textwrap.wrap(left, column) or [""]
    right_lines = textwrap.wrap(right, column) or [""]
    rows = max(len(left_lines), len(right_lines))
    left_lines += [""] * (rows - len(left_lines))
    right_lines += [""] * (rows - len(right_lines))
    return [f"{a:<{column}} | {b}".rstrip() for a, b in zip(left_lines, right_lines, strict=True)]


_ANSWERS: dict[str, Answer] = {"y": "y", "n": "n", "q": "q"}


def _ask(entry: polib.POEntry, po_path: Path, findings: Sequence[Finding]) -> Answer:
    """Show one entry on the terminal and read y, n or q (q at the end of input)."""
    width = shutil.get_terminal_size((100, 24)).columns
    translation = (
        " / ".join(f"[{i}] {entry.msgstr_plural[i]}" for i in sorted(entry.msgstr_plural))
        if entry.msgid_plural
        else entry.msgstr
    )
    print(f"\n{po_path}:{entry.linenum}")
    print(*_side_by_side(f"source: {entry.msgid}", f"translation: {translation}", width), sep="\n")
    for finding in findings:
        print(f"  {finding.severity}: {finding.code}: {finding.message}")
    while True:
        print("Sign this entry? [y/n/q] ", end="", flush=True)
        answer = sys.stdin.readline()
        if not answer:
            return "q"
        choice = _ANSWERS.get(answer.strip().lower())
        if choice is not None:
            return choice


def _preview(msgid: str) -> str:
    """The start of a msgid on one line, to say which entry a line number is."""
    flat = " ".join(msgid.split())
    return json.dumps(flat if len(flat) <= 50 else flat[:49] + "…", ensure_ascii=False)


def _review(arguments: argparse.Namespace) -> int:
    if not arguments.revoke and not arguments.by:
        raise UsageError("--by NAME is required: a review record names its reviewer")
    try:
        reviewer = "" if arguments.revoke else check_reviewer_name(arguments.by)
    except ValueError as exc:
        raise UsageError(str(exc)) from exc
    locale = parse_locale(arguments.locale)
    config = load_check_settings(project_dir(arguments.source))
    lines = _chosen_lines(arguments)
    if arguments.revoke:
        plan = plan_revocation(
            arguments.locales, locale=locale, article=arguments.article, lines=lines
        )
    else:
        plan = plan_review(
            arguments.locales,
            locale=locale,
            reviewer=reviewer,
            day=reproducible_now().date(),
            config=config,
            article=arguments.article,
            lines=lines,
            ask=_ask if arguments.interactive else None,
        )
    write_planned(plan.files)
    refused = [outcome for outcome in plan.outcomes if outcome.action == "refused"]
    done = [outcome for outcome in plan.outcomes if outcome.action != "refused"]
    for outcome in refused:
        print(
            f"{outcome.path}:{outcome.line}: warning: not signed:"
            f" {_preview(outcome.msgid)}: {outcome.reason}",
            file=sys.stderr,
        )
    if not arguments.quiet:
        for outcome in done:
            print(f"{outcome.action} {outcome.path}:{outcome.line}: {_preview(outcome.msgid)}")
        verb = "revoked" if arguments.revoke else "signed"
        print(f"{verb}: {len(done)}, refused: {len(refused)}", file=sys.stderr)
    return EXIT_FAILURE if refused and lines is not None else EXIT_OK


def _report_verb(arguments: argparse.Namespace) -> int:
    report = read_project_report(
        arguments.locales,
        config=load_check_settings(project_dir(arguments.source)),
        target_grade=load_target_grade(project_dir(arguments.source)),
    )
    if arguments.json:
        text = json.dumps(report_json(report), indent=2, ensure_ascii=False) + "\n"
    else:
        text = render_report(report, generated=reproducible_now().date().isoformat())
    if arguments.output is None:
        sys.stdout.write(text)
    else:
        _report(write_planned({arguments.output: text.encode("utf-8")}), "wrote", arguments)
    return EXIT_OK


def _build(arguments: argparse.Namespace) -> int:
    output = _output_folder(arguments.output, (".html", ".htm", ".md"))
    jobs = arguments.jobs or os.cpu_count() or 1
    # Workers from a fork server, not forked from this process: a forked worker
    # would inherit the project lock and, if this process were killed, keep
    # holding it, so the next build would wait for ever.
    executor = (
        ProcessPoolExecutor(jobs, mp_context=multiprocessing.get_context("forkserver"))
        if jobs > 1
        else None
    )
    with _progress_bar(sys.stderr, quiet=arguments.quiet) as progress, executor or nullcontext():
        report = build_site(
            source_dir=arguments.source,
            locales_dir=arguments.locales,
            output_dir=output,
            locales=arguments.locale,
            fragment=arguments.fragment,
            pdf=arguments.pdf,
            executor=executor,
            progress=progress,
        )
    if arguments.quiet:
        return EXIT_OK
    for item in report.held_back:
        print(f"{item.path}:{item.line}: warning: held back: {item.reason}", file=sys.stderr)
    print(
        f"built {len(report.languages)} languages into {output}: "
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
            config_path=project_dir(arguments.source) / CONFIG_FILE_NAME,
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
    run = check_project(
        arguments.locales,
        locales=arguments.locale,
        config=load_check_settings(project_dir(arguments.source)),
        target_grade=load_target_grade(project_dir(arguments.source)),
    )
    if arguments.json:
        print(json.dumps(check_report(run), indent=2, ensure_ascii=False))
    else:
        for po_path, findings in run.results:
            for finding in findings:
                print(
                    f"{po_path}:{finding.line}: {finding.severity}: {finding.code}: {finding.message}"
                )
        if not arguments.quiet:
            print(*run.notes, sep="\n", file=sys.stderr)
            print(
                f"{run.errors} errors, {run.warnings} warnings in {run.catalogs} catalogs",
                file=sys.stderr,
            )
    return EXIT_FAILURE if run.errors else EXIT_OK


def _export(arguments: argparse.Namespace) -> int:
    output = _output_folder(arguments.output, (".xlf", ".xliff", ".xml"))
    planned = plan_export(arguments.locales, parse_locale(arguments.locale), output)
    _report(write_planned(planned), "wrote", arguments)
    return EXIT_OK


def _import(arguments: argparse.Namespace) -> int:
    planned = plan_import(arguments.locales, parse_locale(arguments.locale), arguments.files)
    _report(write_planned(planned), "updated", arguments)
    return EXIT_OK


_VERBS = {
    "extract": _extract,
    "init": _init,
    "update": _update,
    "compile": _compile,
    "stats": _stats,
    "check": _check,
    "export": _export,
    "import": _import,
    "review": _review,
    "report": _report_verb,
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
    except BrokenPipeError:
        # The reader went away (`pain-content stats | head`): stop quietly. Point
        # stdout at /dev/null so the interpreter's final flush cannot fail again.
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return EXIT_FAILURE


def _print_error(exc: PainContentError) -> None:
    where = f"{exc.location}: " if exc.location else ""
    print(f"{where}{_error_prefix(sys.stderr)} {exc.message}", file=sys.stderr, flush=True)
