"""The public API is exactly the contract in docs/design.md."""

import pain_content


def test_all_is_exactly_the_contract() -> None:
    """`__all__` lists the contract's names, sorted, and each one exists."""
    assert pain_content.__all__ == [
        "PublishedCatalog",
        "Unit",
        "extract_units",
        "publish_catalog",
        "render_html",
        "translate_markdown",
    ]
    assert pain_content.__all__ == sorted(pain_content.__all__)
    for name in pain_content.__all__:
        assert getattr(pain_content, name) is not None


def test_unit_has_the_contract_fields() -> None:
    """A Unit exposes msgid, msgctxt, lineno and kind."""
    unit = pain_content.extract_units("# Title\n")[0]
    assert (unit.msgid, unit.msgctxt, unit.lineno, unit.kind) == ("Title", None, 1, "heading")
