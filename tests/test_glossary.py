"""The medical glossary: TBX and TOML forms, the checks it drives, and its terms in the template."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from babel import Locale
from lxml import etree

from conftest import REPOSITORY
from pain_content.catalog_files import read_catalog
from pain_content.checks import CODES, CheckConfig, check_message, load_check_config
from pain_content.cli import main
from pain_content.errors import CatalogError, UsageError
from pain_content.glossary import TBX_NAMESPACE, Glossary, GlossaryTerm, read_tbx, write_tbx
from pain_content.pofile import format_catalog

EXAMPLE = REPOSITORY / "docs" / "glossary-example.tbx"
ES = Locale.parse("es")
EXAMPLE_TOML = """
[[glossary.terms]]
en = "healthcare provider"
es = ["profesional de la salud", "profesionales de la salud"]
fr = ["professionnel de santé", "professionnels de santé"]
forbidden = { es = ["proveedor de salud", "proveedores de salud"] }

[[glossary.terms]]
en = "stem cell"
es = ["célula madre", "células madre"]
fr = ["cellule souche", "cellules souches"]
zh-Hans = "干细胞"

[[glossary.terms]]
en = "Tylenol"
translate = false
"""


def _config() -> CheckConfig:
    return load_check_config("", "", tbx=(EXAMPLE.read_text("utf-8"), str(EXAMPLE)))


def test_the_reference_tbx_reads_as_the_toml_form_and_writes_back_byte_for_byte() -> None:
    """docs/glossary-example.tbx is the TOML example in TBX: one model, two forms."""
    text = EXAMPLE.read_text("utf-8")
    glossary = read_tbx(text, str(EXAMPLE))
    assert glossary == load_check_config(EXAMPLE_TOML, "pain-content.toml").glossary
    assert write_tbx(glossary) == text
    assert [term.term for term in glossary.terms] == ["healthcare provider", "stem cell", "Tylenol"]
    assert glossary.terms[0].forbidden_in(ES) == ("proveedor de salud", "proveedores de salud")
    assert glossary.terms[1].allowed_in(Locale.parse("es_MX")) == ("célula madre", "células madre")
    assert not glossary.terms[2].translate


def test_the_tbx_written_is_tbx_basic_dca_as_other_tools_read_it() -> None:
    """Parsed by lxml: the TBX namespace and dialect, one English term per concept, each
    rendering's status as TBX-Basic spells it, xml:lang as BCP 47."""
    root = etree.fromstring(EXAMPLE.read_bytes())
    ns = {"t": TBX_NAMESPACE}
    assert root.tag == f"{{{TBX_NAMESPACE}}}tbx"
    assert (root.get("type"), root.get("style")) == ("TBX-Basic", "dca")
    concepts = root.findall(".//t:conceptEntry", ns)
    assert len(concepts) == 3
    languages = {
        section.get("{http://www.w3.org/XML/1998/namespace}lang")
        for section in root.iterfind(".//t:langSec", ns)
    }
    assert languages == {"en", "es", "fr", "zh-Hans"}
    statuses = {
        note.text for note in root.iterfind(".//t:termNote[@type='administrativeStatus']", ns)
    }
    assert statuses == {
        "preferredTerm-admn-sts",
        "admittedTerm-admn-sts",
        "deprecatedTerm-admn-sts",
    }
    assert [note.text for note in concepts[2].findall("t:note", ns)] == ["do not translate"]


@pytest.mark.parametrize(
    ("text", "message"),
    [
        (
            '<?xml version="1.0"?>\n<!DOCTYPE tbx SYSTEM "x.dtd">\n<tbx/>',
            "g.tbx:2: DOCTYPE declarations are refused: TBX needs none, and entities are unsafe",
        ),
        (
            "<martif/>",
            "g.tbx:1: not a TBX document: the root is <martif>, expected <tbx> in namespace urn:iso:std:iso:30042:ed-2",
        ),
        (
            f'<tbx xmlns="{TBX_NAMESPACE}"><text><body>\n<conceptEntry id="c1">'
            '<langSec xml:lang="es"><termSec><term>x</term></termSec></langSec>'
            "</conceptEntry></body></text></tbx>",
            "g.tbx:2: a concept needs exactly one English term, this one has 0",
        ),
        (
            f'<tbx xmlns="{TBX_NAMESPACE}"><text><body><conceptEntry id="c1">'
            '<langSec xml:lang="en"><termSec><term>pain</term></termSec></langSec>\n'
            '<langSec xml:lang="es"><termSec><term>dolor</term>\n'
            '<termNote type="administrativeStatus">forbidden</termNote>'
            "</termSec></langSec></conceptEntry></body></text></tbx>",
            "g.tbx:3: unknown administrativeStatus 'forbidden' (expected preferredTerm-admn-sts,"
            " admittedTerm-admn-sts, deprecatedTerm-admn-sts, supersededTerm-admn-sts)",
        ),
        ("<tbx", "g.tbx:1: malformed XML: unclosed token"),
    ],
)
def test_a_broken_tbx_is_one_located_error(text: str, message: str) -> None:
    with pytest.raises(CatalogError) as caught:
        read_tbx(text, "g.tbx")
    assert str(caught.value) == message


def test_a_broken_toml_glossary_is_one_located_error() -> None:
    text = '[check]\n\n[[glossary.terms]]\nen = "pain"\nxx-QQ-bad = "dolor"\n'
    with pytest.raises(UsageError) as caught:
        load_check_config(text, "pain-content.toml")
    assert str(caught.value).startswith("pain-content.toml:3: glossary locale 'xx-QQ-bad':")
    with pytest.raises(UsageError) as caught:
        load_check_config(EXAMPLE_TOML, "pain-content.toml", tbx=("<tbx/>", "glossary.tbx"))
    assert str(caught.value) == (
        "pain-content.toml:2: the glossary is in glossary.tbx already: keep it there or in"
        " [glossary], not both"
    )


def test_forbidden_renderings_are_errors_and_missing_required_ones_warnings() -> None:
    """Found case-insensitively in what a reader sees, English plurals included."""
    config = _config()
    assert CODES["glossary-forbidden"] == "error"
    assert CODES["glossary-term"] == "warning"

    def findings(msgid: str, msgstr: str) -> list[tuple[str, str]]:
        return [(f.code, f.message) for f in check_message(msgid, msgstr, locale=ES, config=config)]

    source = "Ask your **healthcare providers** first."
    assert findings(source, "Pregunte primero a sus **profesionales de la salud**.") == []
    assert findings(source, "Pregunte primero a sus **Proveedores de salud**.") == [
        (
            "glossary-forbidden",
            "'proveedores de salud' is a forbidden rendering of the glossary term"
            " 'healthcare provider'; use 'profesional de la salud'",
        ),
        (
            "glossary-term",
            "the glossary renders 'healthcare provider' as 'profesional de la salud' or"
            " 'profesionales de la salud', not found in the translation",
        ),
    ]
    assert findings("Take Tylenol.", "Tome paracetamol.") == [
        ("glossary-term", "the glossary term 'Tylenol' is not to be translated; keep it as it is")
    ]
    # A rendering glued to more letters is another word.
    assert findings("Stem cells", "Células madreselva")[0][0] == "glossary-term"
    # Without the term in the source, its forbidden rendering is just words.
    assert findings("Ask us first.", "Pregunte a su proveedor de salud.") == []


def _project(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    (tmp_path / "source").mkdir()
    (tmp_path / "source" / "knee.md").write_text(
        "# Knee\n\nTalk to your healthcare provider.\n\nRest your knee.\n", "utf-8"
    )
    (tmp_path / "glossary.tbx").write_text(EXAMPLE.read_text("utf-8"), "utf-8")
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1767225600")
    assert main(["extract", "-q"]) == 0
    assert main(["init", "-q", "-l", "es"]) == 0
    return tmp_path


def test_the_extracted_comment_lists_the_glossary_terms_of_an_entry(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The template names the terms; the catalogs init writes carry the comment; without a
    glossary the template is as before."""
    project = _project(tmp_path, monkeypatch)
    template = {entry.msgid: entry for entry in read_catalog(Path("locales/knee.pot"))}
    assert template["Talk to your healthcare provider."].comment == (
        "paragraph under “Knee”\nglossary: “healthcare provider”"
    )
    assert template["Rest your knee."].comment == "paragraph under “Knee”"
    po = {entry.msgid: entry for entry in read_catalog(Path("locales/es/LC_MESSAGES/knee.po"))}
    assert po["Talk to your healthcare provider."].comment.endswith(
        "glossary: “healthcare provider”"
    )
    (project / "glossary.tbx").unlink()
    assert main(["extract", "-q"]) == 0
    template = {entry.msgid: entry for entry in read_catalog(Path("locales/knee.pot"))}
    assert template["Talk to your healthcare provider."].comment == "paragraph under “Knee”"


def test_a_forbidden_rendering_is_held_back_by_build_and_check_fails(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    project = _project(tmp_path, monkeypatch)
    po_path = Path("locales/es/LC_MESSAGES/knee.po")
    catalog = read_catalog(po_path)
    translations = {
        "Knee": "Rodilla",
        "Talk to your healthcare provider.": "Hable con su proveedor de salud.",
        "Rest your knee.": "Descanse la rodilla.",
    }
    for entry in catalog:
        entry.msgstr = translations[entry.msgid]
    po_path.write_text(format_catalog(catalog), "utf-8")
    capsys.readouterr()

    assert main(["check", "--json", "-l", "es"]) == 1
    report = json.loads(capsys.readouterr().out)
    assert {(f["code"], f["severity"]) for f in report["findings"]} >= {
        ("glossary-forbidden", "error"),
        ("glossary-term", "warning"),
    }
    assert main(["build", "-j", "1", "--completeness", "0"]) == 0
    err = capsys.readouterr().err
    assert "warning: held back: glossary-forbidden: 'proveedor de salud' is a forbidden" in err
    page = (project / "site" / "es" / "knee.html").read_text("utf-8")
    assert "proveedor de salud" not in page
    assert "Talk to your healthcare provider." in page
    assert "Descanse la rodilla." in page
    assert main(["compile", "-q"]) == 1

    # Fixed by the translator: published.
    catalog = read_catalog(po_path)
    for entry in catalog:
        entry.msgstr = entry.msgstr.replace("proveedor de salud", "profesional de la salud")
    po_path.write_text(format_catalog(catalog), "utf-8")
    assert main(["build", "-q", "-j", "1", "--completeness", "0"]) == 0
    page = (project / "site" / "es" / "knee.html").read_text("utf-8")
    assert "Hable con su profesional de la salud." in page


def test_glossary_model_is_one_for_both_forms() -> None:
    term = GlossaryTerm("pain", {"es": ("dolor",)})
    assert Glossary((term,)).terms_in("PAIN relief") == [term]
    assert Glossary((term,)).terms_in("painful") == []


def test_glossary_writes_the_toml_form_as_the_reference_tbx(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """A project keeping its glossary in pain-content.toml hands CAT tools the same TBX."""
    (tmp_path / "source").mkdir()
    monkeypatch.chdir(tmp_path)
    assert main(["glossary", "-q", "-o", "terms.tbx"]) == 2
    assert capsys.readouterr().err == (
        "pain-content.toml: error: the project has no glossary: write glossary.tbx or a"
        " [glossary] table in pain-content.toml\n"
    )
    (tmp_path / "pain-content.toml").write_text(EXAMPLE_TOML, "utf-8")
    assert main(["glossary", "-q", "-o", "terms.tbx"]) == 0
    assert (tmp_path / "terms.tbx").read_text("utf-8") == EXAMPLE.read_text("utf-8")


def test_extract_and_glossary_find_the_project_from_any_folder(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Run from elsewhere with --source and --locales, extract still reads the project's
    glossary and the glossary verb still finds it (the project is the folder of source/)."""
    project = _project(tmp_path, monkeypatch)
    monkeypatch.chdir(project.parent)
    folders = ["--source", str(project / "source"), "--locales", str(project / "locales")]
    (project / "locales" / "knee.pot").unlink()
    assert main(["extract", "-q", *folders]) == 0
    template = {entry.msgid: entry for entry in read_catalog(project / "locales" / "knee.pot")}
    assert template["Talk to your healthcare provider."].comment.endswith(
        "glossary: “healthcare provider”"
    )
    assert main(["glossary", "-q", *folders, "-o", str(tmp_path / "terms.tbx")]) == 0
    assert "healthcare provider" in (tmp_path / "terms.tbx").read_text("utf-8")
