"""Each source's local links kept by the digest of its text: a rebuild parses only what changed."""

from __future__ import annotations

import json
from collections.abc import Callable
from concurrent.futures import Executor, ThreadPoolExecutor
from pathlib import Path

import pytest
from markdown_it import MarkdownIt

from linked_project import make_linked_project
from pain_content import link_cache
from pain_content.build import BuildReport, build_site
from pain_content.cli import main
from pain_content.errors import PainContentError
from pain_content.link_cache import LinkCache
from pain_content.links import LinkProblem, LocalLink, local_links
from pain_content.site_plan import LINKS_CACHE


@pytest.fixture
def project(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    return make_linked_project(tmp_path, monkeypatch)


@pytest.fixture
def parsed(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The texts ``local_links`` is asked to parse, in order, from now on."""
    texts: list[str] = []

    def counting(markdown_text: str) -> tuple[list[LocalLink], list[LinkProblem]]:
        texts.append(markdown_text)
        return local_links(markdown_text)

    monkeypatch.setattr(link_cache, "local_links", counting)
    return texts


def _build(project: Path, output: str = "site", executor: Executor | None = None) -> BuildReport:
    return build_site(
        source_dir=project / "source",
        locales_dir=project / "locales",
        output_dir=project / output,
        executor=executor,
    )


def _tree(folder: Path) -> dict[str, bytes]:
    return {
        str(path.relative_to(folder)): path.read_bytes()
        for path in sorted(folder.rglob("*"))
        if path.is_file()
    }


def test_a_rebuild_with_nothing_changed_parses_no_source(
    project: Path, parsed: list[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """After a build, a build with nothing changed parses no Markdown at all."""
    _build(project)
    assert len(parsed) == 2  # care and medicine, the first time
    parses: list[str] = []
    real_parse = MarkdownIt.parse

    def counting_parse(self: MarkdownIt, src: str, env: object = None) -> object:
        parses.append(src)
        return real_parse(self, src, env)  # type: ignore[arg-type]

    monkeypatch.setattr(MarkdownIt, "parse", counting_parse)
    report = _build(project)
    assert report.jobs_run == [] and report.written == []
    assert len(parsed) == 2 and parses == []


def test_an_edited_source_has_its_links_read_again(project: Path, parsed: list[str]) -> None:
    """Only the edited source is parsed again, and its new link is checked and followed."""
    _build(project)
    care = project / "source" / "care.md"
    text = care.read_text("utf-8") + "\nSee also the [form](forms/consent.pdf#page=2).\n"
    care.write_text(text, "utf-8")
    parsed.clear()
    report = _build(project)
    assert parsed == [text]
    assert sorted(report.jobs_run) == ["en/care", "es/care"]
    page = (project / "site" / "es" / "care.html").read_text("utf-8")
    assert 'href="../assets/forms/consent.pdf#page=2"' in page


@pytest.mark.parametrize(
    ("removed", "expected"),
    [
        (
            "source/img/brace.png",
            "source/care.md:13: error: 'img/brace.png': file not found: source/img/brace.png",
        ),
        (
            "source/medicine.md",
            "source/care.md:10: error: 'medicine.md#doses' links to an article that does not exist"
            " (source/medicine.md)",
        ),
    ],
    ids=["image", "article"],
)
def test_a_target_deleted_between_builds_is_the_same_error_as_without_the_cache(
    project: Path, capsys: pytest.CaptureFixture[str], removed: str, expected: str
) -> None:
    """The cache keeps the links, not whether their targets exist: a deleted image or article
    is the error line a build without the cache prints, and the site is left as it was."""
    assert main(["build", "-q", "-j", "1"]) == 0
    before = _tree(project / "site")
    (project / removed).unlink()
    capsys.readouterr()
    assert main(["build", "-q", "-j", "1"]) == 1
    with_cache = capsys.readouterr().err.splitlines()
    assert with_cache == [expected]
    assert _tree(project / "site") == before, "a failing build wrote files"
    (project / "site" / LINKS_CACHE).unlink()
    assert main(["build", "-q", "-j", "1"]) == 1
    assert capsys.readouterr().err.splitlines() == with_cache


def _valid_document(project: Path) -> dict[str, object]:
    loaded: dict[str, object] = json.loads((project / "site" / LINKS_CACHE).read_bytes())
    return loaded


def _with_first_link(project: Path, field: int, value: object) -> bytes:
    document = _valid_document(project)
    sources = document["sources"]
    assert isinstance(sources, dict)
    found = next(found for found in sources.values() if found["links"])
    found["links"][0][field] = value
    return json.dumps(document).encode()


DAMAGE: dict[str, Callable[[Path], bytes]] = {
    "not JSON": lambda project: b"\xff\xfe\x00garbage",
    "cut short": lambda project: (project / "site" / LINKS_CACHE).read_bytes()[:100],
    "a list": lambda project: b"[1, 2, 3]\n",
    "line as text": lambda project: _with_first_link(project, 3, "3"),
    "line zero": lambda project: _with_first_link(project, 3, 0),
    "image as a number": lambda project: _with_first_link(project, 4, 1),
    "a field missing": lambda project: json.dumps(
        {key: value for key, value in _valid_document(project).items() if key != "code"}
    ).encode(),
}


@pytest.mark.parametrize("damage", DAMAGE, ids=list(DAMAGE))
def test_a_damaged_cache_is_rebuilt_silently(
    project: Path, parsed: list[str], capsys: pytest.CaptureFixture[str], damage: str
) -> None:
    """A cache that cannot be read as one is ignored: every source is parsed again, the
    build succeeds with the same site, and a good cache replaces the damaged one."""
    assert main(["build", "-q", "-j", "1"]) == 0
    good = _tree(project / "site")
    (project / "site" / LINKS_CACHE).write_bytes(DAMAGE[damage](project))
    parsed.clear()
    capsys.readouterr()
    assert main(["build", "-q", "-j", "1"]) == 0
    assert capsys.readouterr() == ("", "")
    assert len(parsed) == 2
    assert _tree(project / "site") == good


def test_another_version_of_the_library_parses_every_source_again(
    project: Path, parsed: list[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """Links found by other code (the library's, markdown-it-py's) are not trusted."""
    _build(project)
    _build(project)
    assert len(parsed) == 2
    monkeypatch.setattr(link_cache, "rules_digest", lambda: "another version")
    _build(project)
    assert len(parsed) == 4


def test_the_site_is_the_same_with_and_without_the_cache(project: Path) -> None:
    """A rebuild that takes unchanged sources' links from the cache makes, byte for byte,
    the site (and the cache) a build from an empty folder makes."""
    _build(project)
    medicine = project / "source" / "medicine.md"
    medicine.write_text(
        medicine.read_text("utf-8") + "\n![Ice](img/ice%20pack.png)\n\nSee [care](care.md).\n",
        "utf-8",
    )
    (project / "source" / "img" / "brace.png").unlink()
    care = project / "source" / "care.md"
    care.write_text(
        care.read_text("utf-8").replace('<img src="img/brace.png" alt="A knee brace">\n', ""),
        "utf-8",
    )
    _build(project)
    _build(project, "fresh")
    rebuilt, fresh = _tree(project / "site"), _tree(project / "fresh")
    assert "assets/img/brace.png" not in rebuilt
    assert rebuilt == fresh


def test_the_cache_keeps_only_the_sources_of_the_last_build() -> None:
    """Texts looked up or parsed since the cache was read are written back; others are not."""
    first = LinkCache()
    first.local_links("![a](a.png)\n")
    first.local_links("[b](b.md)\n")
    second = LinkCache.from_json(first.to_json())
    links, problems = second.local_links("[b](b.md)\n")
    assert second.computed == 0
    assert [(link.path, link.line, link.kind) for link in links] == [("b.md", 1, "article")]
    assert problems == ()
    assert len(json.loads(second.to_json())["sources"]) == 1


def test_a_first_build_on_an_executor_parses_each_source_once_there(project: Path) -> None:
    """With an executor, the sources' links are parsed on it, each text once, and the
    site is the one a build in this process writes."""
    with ThreadPoolExecutor(2) as executor:
        submitted: list[object] = []
        real_submit = executor.submit

        def counting_submit(function: Callable[..., object], *arguments: object) -> object:
            submitted.append(function)
            return real_submit(function, *arguments)

        executor.submit = counting_submit  # type: ignore[method-assign,assignment]
        _build(project, "pooled", executor)
    assert submitted.count(local_links) == len(list((project / "source").glob("*.md")))
    _build(project)
    assert _tree(project / "pooled") == _tree(project / "site")


def test_a_source_that_does_not_parse_on_the_executor_is_the_error_of_a_serial_build(
    project: Path,
) -> None:
    """Broken front matter found on the executor is reported with its file and line,
    exactly as without one, and nothing is written."""
    broken = project / "source" / "care.md"
    broken.write_text("---\ntitle: [\n---\n# Care\n", "utf-8")
    errors = []
    for executor in (None, ThreadPoolExecutor(2)):
        with pytest.raises(PainContentError) as raised:
            _build(project, executor=executor)
        if executor is not None:
            executor.shutdown()
        errors.append(str(raised.value))
    assert errors[0] == errors[1] and str(broken) in errors[0]
    assert not (project / "site").exists()
