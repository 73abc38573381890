"""Maintainer script: refresh the shipped ``ui`` catalogs from the page templates.

Extracts the templates' messages with Babel's Jinja2 extractor into
``src/pain_content/locale/ui.pot``, merges it into every ``ui.po`` (creating
catalogs for locales given with ``-l``), and compiles each ``ui.mo``.

    python scripts/update_ui_catalogs.py [-l LOCALE ...]

``tests/test_ui.py`` fails when the shipped files are out of date.
"""

from __future__ import annotations

import argparse

from pain_content.atomic_writes import write_atomic
from pain_content.catalog_files import read_catalog, reproducible_now
from pain_content.catalogs import mo_bytes, mo_messages, new_catalog, update_catalog
from pain_content.locales import folder_name, parse_locale
from pain_content.pofile import format_catalog
from pain_content.project import catalog_path, compiled_path
from pain_content.ui import UI_DOMAIN, UI_LOCALE_DIR, ui_template


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("-l", "--locale", action="append", default=[])
    arguments = parser.parse_args()
    template = ui_template()
    write_atomic(UI_LOCALE_DIR / f"{UI_DOMAIN}.pot", format_catalog(template).encode())
    folders = {p.parent.parent.name for p in UI_LOCALE_DIR.glob(f"*/LC_MESSAGES/{UI_DOMAIN}.po")}
    folders |= {folder_name(parse_locale(name)) for name in arguments.locale}
    for folder in sorted(folders):
        po_path = catalog_path(UI_LOCALE_DIR, folder, UI_DOMAIN)
        if po_path.is_file():
            catalog = update_catalog(read_catalog(po_path), template)
        else:
            catalog = new_catalog(template, parse_locale(folder), revision_date=reproducible_now())
        write_atomic(po_path, format_catalog(catalog).encode())
        write_atomic(compiled_path(po_path), mo_bytes(mo_messages(catalog, use_fuzzy=False)))
        print(po_path)


if __name__ == "__main__":
    main()
