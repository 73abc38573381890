"""Maintainer script: regenerate docs/cli.md from the argument parser.

Run ``python scripts/write_cli_reference.py`` from anywhere.
"""

from pathlib import Path

from pain_content.cli_arguments import reference_markdown

if __name__ == "__main__":
    target = Path(__file__).resolve().parent.parent / "docs" / "cli.md"
    target.write_text(reference_markdown(), encoding="utf-8")
    print(target)
