"""Reading XML defensively, with the line each element starts on (XLIFF, TBX).

Like ``defusedxml``, a DOCTYPE or ENTITY declaration is refused before
parsing, so no entity can expand or reach outside the text.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from xml.parsers import expat

from .errors import CatalogError, Location

_DECLARATION = re.compile(r"<!(DOCTYPE|ENTITY)")
_LINE_END = re.compile(r"\r\n?|\n")


def parse_located_xml(
    text: str, path: str, *, format_name: str
) -> tuple[ET.Element, dict[ET.Element, int]]:
    """Parse XML into ElementTree elements and the 1-based line each starts on.

    Expat is driven directly, as ElementTree's own Python parser does, because
    the C ``XMLParser`` tells its target no line numbers.

    Raises:
        CatalogError: the text holds a DOCTYPE or ENTITY declaration (which
            ``format_name`` never needs), or is not well-formed XML; located.
    """
    declaration = _DECLARATION.search(text)
    if declaration is not None:
        line = len(_LINE_END.findall(text, 0, declaration.start())) + 1
        raise CatalogError(
            f"{declaration.group(1)} declarations are refused: {format_name} needs none, "
            "and entities are unsafe",
            Location(path, line),
        )
    builder = ET.TreeBuilder()
    lines: dict[ET.Element, int] = {}
    parser = expat.ParserCreate(namespace_separator="}")
    parser.buffer_text = True

    def start(name: str, attributes: dict[str, str]) -> None:
        element = builder.start(
            _qualified(name), {_qualified(key): value for key, value in attributes.items()}
        )
        lines[element] = parser.CurrentLineNumber

    parser.StartElementHandler = start
    parser.EndElementHandler = lambda name: builder.end(_qualified(name))
    parser.CharacterDataHandler = builder.data
    try:
        parser.Parse(text, True)
    except expat.ExpatError as exc:
        raise CatalogError(
            f"malformed XML: {expat.ErrorString(exc.code)}", Location(path, exc.lineno)
        ) from exc
    return builder.close(), lines


def _qualified(name: str) -> str:
    # Expat gives "namespace}local"; ElementTree spells it "{namespace}local".
    return f"{{{name}" if "}" in name else name
