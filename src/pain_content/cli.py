"""The ``pain-content`` command line: verbs, printing, exit codes.

Exit 0 on success, 1 on failure or findings, 2 on usage errors. Errors are
printed as one ``path:line: error: message`` line; a failing command writes
no file at all. The arguments are parsed as :mod:`pain_content.cli_arguments`
says; the library reads and plans, this module prints and writes the plan.
"""

from __future__ import annotations

import argparse
import json
import multiprocessing
import os
import shutil
import sys
import textwrap
from collections.abc import Iterator, Sequence
from concurrent.futures import Executor, ProcessPoolExecutor
from contextlib import contextmanager, nullcontext
from pathlib import Path
from typing import TextIO

import polib
from tqdm import tqdm

from .atomic_writes import project_lock, write_planned
from .build import BuildReport, Progress, build_site
from .catalog_files import (
    find_unmerged,
    plan_new_catalogs,
    plan_templates,
    plan_updates,
    reproducible_now,
)
from .checks import CONFIG_FILE_NAME, Finding
from .cli_arguments import EXIT_FAILURE, EXIT_OK, EXIT_USAGE, build_parser, reference_markdown
from .counts import counted
from .errors import LocaleError, Location, PainContentError, SourceErrors, UsageError
from .gc_settings import collect_less_often
from .glossary import GLOSSARY_FILE_NAME, write_tbx
from .locales import parse_locale
from .pofile import entry_line
from .project import project_dir
from .project_settings import load_check_settings, load_site_settings
from .publishing import plan_compiled
from .report import read_project_report, render_report, report_json
from .review import Answer, check_reviewer_name, plan_review, plan_revocation
from .serve import serve_site
from .site_config import publishing_gate
from .status import (
    check_project,
    check_report,
    load_target_grade,
    memory_stats_json,
    read_memory_stats,
    read_stats,
    stats_json,
)
from .xliff import plan_export, plan_import

__all__ = ["build_parser", "main", "reference_markdown"]


def _width(arguments: argparse.Namespace) -> int:
    return 0 if arguments.no_wrap else int(arguments.width)


def _report(paths: Sequence[Path], verb: str, arguments: argparse.Namespace) -> None:
    if arguments.quiet:
        return
    for path in paths:
        print(f"{verb} {path}")


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
    planned = plan_templates(
        arguments.source,
        arguments.locales,
        width=_width(arguments),
        glossary=load_check_settings(arguments.source).glossary,
    )
    if arguments.check:
        _report(list(planned), "out of date:", arguments)
        return EXIT_FAILURE if planned else EXIT_OK
    _report(write_planned(planned), "wrote", arguments)
    return EXIT_OK


def _init(arguments: argparse.Namespace) -> int:
    locale = parse_locale(arguments.locale)
    plan = plan_new_catalogs(
        arguments.locales, locale, width=_width(arguments), compendiums=arguments.compendium
    )
    _report(write_planned(plan.files), "created", arguments)
    _report(plan.existing, "exists already, left as it is:", arguments)
    return EXIT_OK


def _update(arguments: argparse.Namespace) -> int:
    if arguments.check:
        return _update_check(arguments)
    plan = plan_updates(
        arguments.locales, width=_width(arguments), compendiums=arguments.compendium
    )
    written = write_planned(plan.files)
    _report([path for path in written if path in plan.created], "created", arguments)
    _report([path for path in written if path not in plan.created], "updated", arguments)
    return EXIT_OK


def _update_check(arguments: argparse.Namespace) -> int:
    unmerged = find_unmerged(arguments.locales)
    for item in unmerged:
        where = f"{item.path}:{item.line}" if item.line else str(item.path)
        whose = "" if item.path == item.catalog else f" in {item.catalog}"
        what = f"{_preview(item.msgid)}: {item.reason}" if item.msgid else item.reason
        print(f"{where}: out of date{whose}: {what}")
    if unmerged and not arguments.quiet:
        catalogs = counted(len({item.catalog for item in unmerged}), "catalog")
        print(f"{catalogs} out of date; run 'pain-content update'", file=sys.stderr)
    return EXIT_FAILURE if unmerged else EXIT_OK


def _compile(arguments: argparse.Namespace) -> int:
    plan = plan_compiled(
        arguments.locales,
        source_dir=arguments.source,
        use_fuzzy=arguments.use_fuzzy,
        check=not arguments.no_check,
        config=load_check_settings(arguments.source),
    )
    for problem in plan.warnings:
        print(f"{problem.location}: warning: {problem.message}", file=sys.stderr)
    if plan.errors:
        prefix = _error_prefix(sys.stderr)
        for problem in plan.errors:
            print(f"{problem.location}: {prefix} {problem.message}", file=sys.stderr)
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


def _memory(arguments: argparse.Namespace) -> int:
    rows = read_memory_stats(arguments.locales, locales=arguments.locale)
    if arguments.json:
        print(json.dumps(memory_stats_json(rows), indent=2, ensure_ascii=False))
        return EXIT_OK
    print(
        f"{'article':<40} {'locale':<8} {'entries':>7} {'exact':>6} {'close':>6} {'words saved':>11}"
    )
    for locale in dict.fromkeys(row.locale for row in rows):
        of_locale = [row for row in rows if row.locale == locale]
        for row in of_locale:
            stats = row.stats
            print(
                f"{row.article:<40} {row.locale:<8} {stats.entries:>7} {stats.exact:>6}"
                f" {stats.close:>6} {stats.exact_words:>11}"
            )
        exact = sum(row.stats.exact for row in of_locale)
        close = sum(row.stats.close for row in of_locale)
        words = sum(row.stats.exact_words for row in of_locale)
        close_words = sum(row.stats.close_words for row in of_locale)
        print(
            f"{locale}: {exact} exact and {close} close matches between articles;"
            f" {words} words need no typing, {close_words} more need editing only"
        )
    return EXIT_OK


def _glossary(arguments: argparse.Namespace) -> int:
    glossary = load_check_settings(arguments.source).glossary
    if not glossary.terms:
        raise UsageError(
            f"the project has no glossary: write {GLOSSARY_FILE_NAME} or a [glossary] table"
            f" in {CONFIG_FILE_NAME}",
            Location(str(project_dir(arguments.source) / CONFIG_FILE_NAME), 0),
        )
    planned = {arguments.output: write_tbx(glossary).encode("utf-8")}
    _report(write_planned(planned), "wrote", arguments)
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
    print(f"\n{po_path}:{entry_line(entry)}")
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
    config = load_check_settings(arguments.source)
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
    project = project_dir(arguments.source)
    report = read_project_report(
        arguments.locales,
        config=load_check_settings(arguments.source),
        gate=publishing_gate(
            load_site_settings(project),
            completeness=arguments.completeness,
            require_review=arguments.require_review,
        ),
        target_grade=load_target_grade(project),
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
        ProcessPoolExecutor(
            jobs,
            mp_context=multiprocessing.get_context("forkserver"),
            initializer=collect_less_often,
        )
        if jobs > 1
        else None
    )
    with _progress_bar(sys.stderr, quiet=arguments.quiet) as progress, executor or nullcontext():
        report = _build_site(
            arguments, output, fragment=arguments.fragment, executor=executor, progress=progress
        )
    if arguments.quiet:
        return EXIT_OK
    for item in report.held_back:
        print(f"{item.path}:{item.line}: warning: held back: {item.reason}", file=sys.stderr)
    for name, percent in report.unpublished:
        print(
            f"{output / name}.html: warning: not published: {percent:.0f}% of the article's"
            " words are translated and publishable, below the completeness threshold",
            file=sys.stderr,
        )
    for path in report.removed:
        print(f"{path}: removed: the last build wrote it, this one does not", file=sys.stderr)
    print(
        f"built {counted(len(report.languages), 'language')} into {output}: "
        f"{counted(len(report.written), 'file')} written, {report.unchanged} unchanged, "
        f"{counted(len(report.held_back), 'translation')} held back"
    )
    return EXIT_OK


def _build_site(
    arguments: argparse.Namespace,
    output: Path,
    *,
    fragment: bool = False,
    executor: Executor | None = None,
    progress: Progress | None = None,
) -> BuildReport:
    """The build ``build`` and ``serve`` run, with the options they share."""
    return build_site(
        source_dir=arguments.source,
        locales_dir=arguments.locales,
        output_dir=output,
        locales=arguments.locale,
        fragment=fragment,
        pdf=arguments.pdf,
        completeness=arguments.completeness,
        require_review=arguments.require_review,
        executor=executor,
        progress=progress,
    )


def _serve(arguments: argparse.Namespace) -> int:
    def build() -> BuildReport | None:
        try:
            with project_lock(arguments.locales):
                return _build_site(arguments, arguments.output)
        except PainContentError as exc:
            # A half-typed catalog must not stop the preview: say what is wrong
            # and keep serving the last good build.
            _print_error(exc)
            return None

    def rebuild(changed: Sequence[Path]) -> None:
        report = build()
        if report is not None and not arguments.quiet:
            names = ", ".join(path.name for path in changed)
            written = counted(len(report.written), "file")
            print(f"rebuilt after {names}: {written} written", flush=True)

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
            config_paths=[
                project_dir(arguments.source) / CONFIG_FILE_NAME,
                project_dir(arguments.source) / GLOSSARY_FILE_NAME,
            ],
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
        config=load_check_settings(arguments.source),
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
            errors, warnings = counted(run.errors, "error"), counted(run.warnings, "warning")
            print(f"{errors}, {warnings} in {counted(run.catalogs, 'catalog')}", file=sys.stderr)
    return EXIT_FAILURE if run.errors else EXIT_OK


def _export(arguments: argparse.Namespace) -> int:
    output = _output_folder(arguments.output, (".xlf", ".xliff", ".xml"))
    planned = plan_export(arguments.locales, parse_locale(arguments.locale), output)
    _report(write_planned(planned), "wrote", arguments)
    return EXIT_OK


def _import(arguments: argparse.Namespace) -> int:
    plan = plan_import(
        arguments.locales,
        parse_locale(arguments.locale),
        arguments.files,
        config=load_check_settings(arguments.source),
    )
    for notice in plan.notices:
        print(notice, file=sys.stderr)
    _report(write_planned(plan.files), "updated", arguments)
    skipped = {
        (notice.location.path, notice.location.line) for notice in plan.notices if notice.is_skipped
    }
    if skipped and not arguments.quiet:
        print(f"skipped {len(skipped)} of the units; the others were imported", file=sys.stderr)
    return EXIT_FAILURE if plan.is_partial else EXIT_OK


_VERBS = {
    "extract": _extract,
    "init": _init,
    "update": _update,
    "compile": _compile,
    "stats": _stats,
    "memory": _memory,
    "glossary": _glossary,
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
    argv = sys.argv[1:] if argv is None else argv
    if not argv:
        # No verb: the whole help, not one usage line, and the usage-error exit code.
        parser.print_help(sys.stderr)
        return EXIT_USAGE
    try:
        arguments = parser.parse_args(argv)
    except SystemExit as exc:
        return int(exc.code or 0)
    try:
        _check_locale_arguments(arguments)
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


def _check_locale_arguments(arguments: argparse.Namespace) -> None:
    """Refuse an unknown ``-l`` locale as the usage error it is, before any verb runs.

    Raises:
        UsageError: a ``-l`` value is not a CLDR locale.
    """
    given = getattr(arguments, "locale", None)
    for name in [given] if isinstance(given, str) else given or []:
        try:
            parse_locale(name)
        except LocaleError as exc:
            raise UsageError(exc.message) from exc


def _print_error(exc: PainContentError) -> None:
    for error in exc.errors if isinstance(exc, SourceErrors) else (exc,):
        where = f"{error.location}: " if error.location else ""
        print(f"{where}{_error_prefix(sys.stderr)} {error.message}", file=sys.stderr, flush=True)
