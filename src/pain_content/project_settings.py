"""*Disk* (reading only): the project's settings files, ``pain-content.toml`` and ``glossary.tbx``."""

from __future__ import annotations

from pathlib import Path

from .article_job import ConfigFiles
from .catalog_files import decode_text, read_units
from .checks import CONFIG_FILE_NAME, CheckConfig, check_statement_sources, load_check_config
from .errors import CatalogError
from .glossary import GLOSSARY_FILE_NAME
from .project import article_slug, find_sources, project_dir
from .site_config import SiteConfig, load_site_config


def load_check_settings(source_dir: Path) -> CheckConfig:
    """The check settings from the ``pain-content.toml`` beside ``source/``, or the defaults.

    A required statement must be the text of a message of the articles it is
    for (see :func:`pain_content.checks.check_statement_sources`).

    Raises:
        UsageError: the file is not valid, or a required statement is in no
            article's source (with its line).
        SourceError: a source cannot be read or parsed, or there is none.
    """
    (text, path), tbx = config_files(project_dir(source_dir))
    config = load_check_config(text, path, tbx=tbx)
    if config.required_statements:
        messages = {
            article_slug(source): {unit.msgid for unit in read_units(source)}
            for source in find_sources(source_dir)
        }
        check_statement_sources(config, messages, path)
    return config


def load_site_settings(project_dir: Path) -> SiteConfig:
    """The project's ``[site]`` settings from ``pain-content.toml``, or the defaults.

    Raises:
        UsageError: the file is not valid (with its line).
    """
    text, path = _config_file(project_dir)
    return load_site_config(text, path) if text else SiteConfig()


def config_files(project_dir: Path) -> ConfigFiles:
    """The text and path of the project's ``pain-content.toml`` and ``glossary.tbx`` (empty
    when there is none), as a job reads them."""
    return (_config_file(project_dir), _glossary_file(project_dir))


def _glossary_file(project_dir: Path) -> tuple[str, str]:
    """The text and path of the project's ``glossary.tbx``, or empty ones."""
    tbx_path = project_dir / GLOSSARY_FILE_NAME
    if not tbx_path.is_file():
        return ("", "")
    return (
        decode_text(tbx_path.read_bytes(), "utf-8-sig", str(tbx_path), CatalogError),
        str(tbx_path),
    )


def _config_file(project_dir: Path) -> tuple[str, str]:
    config_path = project_dir / CONFIG_FILE_NAME
    return (config_path.read_text("utf-8"), str(config_path)) if config_path.is_file() else ("", "")
