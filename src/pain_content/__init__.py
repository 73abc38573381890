"""pain_content: patient-education articles in many languages.

An article is written once in Markdown, split into message units that
translators work on in gettext catalogs, and rendered for every language as
localized Markdown and accessible HTML.
"""

# Before the imports: modules below read it while the package is being imported.
__version__ = "0.1.0"

from .publishing import PublishedCatalog, publish_catalog
from .render import render_html
from .translate import translate_markdown
from .units import Unit, extract_units

__all__ = [
    "PublishedCatalog",
    "Unit",
    "extract_units",
    "publish_catalog",
    "render_html",
    "translate_markdown",
]
