"""The [site] table of pain-content.toml: values read, and every mistake located at its line."""

from __future__ import annotations

import pytest

from pain_content.errors import UsageError
from pain_content.handout import HandoutSettings
from pain_content.site_config import SiteConfig, load_site_config


def test_site_table_is_read_and_other_tables_are_left_alone() -> None:
    """Every key is read, the base URL gets its trailing slash, and [check] is not this reader's."""
    text = (
        '[check]\nprotected_terms = ["MRI"]\n\n[site]\n'
        'base_url = "https://clinic.example/health"\nclinic_name = " Riverside "\n'
        'pdf = true\npage_size = "letter"\n'
    )
    assert load_site_config(text, "pain-content.toml") == SiteConfig(
        base_url="https://clinic.example/health/",
        pdf=True,
        handout=HandoutSettings(page_size="letter", clinic_name="Riverside"),
    )
    assert load_site_config("", "pain-content.toml") == SiteConfig()


@pytest.mark.parametrize(
    ("text", "line", "message"),
    [
        ('[site]\nbase_url = "https://a.example/"\nbase = 1\n', 3, "unknown key 'base' in [site]"),
        ('[site]\nbase_url = "ftp://a.example/"\n', 2, "base_url must be an absolute http"),
        ('[site]\nbase_url = "clinic.example/health"\n', 2, "base_url must be an absolute http"),
        ('[site]\nbase_url = "https://a.example/?x=1"\n', 2, "base_url must not have a query"),
        ('[site]\n\npdf = "yes"\n', 3, "pdf must be true or false"),
        ("[site]\nclinic_name = 3\n", 2, "clinic_name must be a string"),
        ('site = "x"\n', 1, "'site' must be a table"),
        ("[site]\npdf = \n", 2, "not valid TOML"),
    ],
)
def test_mistakes_are_located(text: str, line: int, message: str) -> None:
    """A wrong [site] value is a UsageError at the line it is written on."""
    with pytest.raises(UsageError) as caught:
        load_site_config(text, "pain-content.toml")
    assert caught.value.location is not None
    assert (caught.value.location.path, caught.value.location.line) == ("pain-content.toml", line)
    assert caught.value.message.startswith(message)
