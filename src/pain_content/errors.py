"""Errors that point at a file and a 1-based line.

The tree::

    PainContentError
    ├── SourceError        a Markdown source cannot be read or parsed
    │   └── SourceErrors   several at once (every broken link of a build)
    ├── CatalogError       a .pot/.po/.mo file cannot be read or written
    ├── LocaleError        a locale name is unknown or unsafe (also a ValueError)
    ├── UsageError         the command line or an API call is used wrongly (also a ValueError)
    └── HandoutError       a printed handout cannot be made as it must be

Library code raises these and never prints; only the command line turns
them into ``path:line: error: message`` and an exit code.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Location:
    """Where a problem is: a file and a 1-based line (0 when no line applies)."""

    path: str
    """The file as the user named it, or ``<string>`` for text passed in memory."""
    line: int
    """1-based line number; 0 means the whole file."""

    def __str__(self) -> str:
        return f"{self.path}:{self.line}" if self.line else self.path


class PainContentError(Exception):
    """Base of every error the library raises on purpose."""

    def __init__(self, message: str, location: Location | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.location = location

    def __str__(self) -> str:
        if self.location is None:
            return self.message
        return f"{self.location}: {self.message}"

    def __reduce__(self) -> tuple[type[PainContentError], tuple[str, Location | None]]:
        # Keep the location when the error crosses a process boundary (a build job).
        return (type(self), (self.message, self.location))

    def with_path(self, path: str) -> PainContentError:
        """Return the same error located in ``path`` (text APIs know no file name)."""
        line = self.location.line if self.location else 0
        return type(self)(self.message, Location(path, line))


class SourceError(PainContentError):
    """A Markdown source is not text, cannot be decoded, or has broken front matter."""


class SourceErrors(SourceError):
    """Several problems in the sources, each with its file and line, reported together."""

    def __init__(self, errors: Sequence[SourceError]) -> None:
        super().__init__("\n".join(str(error) for error in errors), errors[0].location)
        self.errors = tuple(errors)

    def __str__(self) -> str:
        return self.message  # each line already names its file and line

    def __reduce__(  # type: ignore[override]
        self,
    ) -> tuple[type[SourceErrors], tuple[tuple[SourceError, ...]]]:
        return (type(self), (self.errors,))


class CatalogError(PainContentError):
    """A catalog cannot be parsed, or a catalog file cannot be written."""


class LocaleError(PainContentError, ValueError):
    """A locale name is not known to CLDR or could escape its folder."""


class UsageError(PainContentError, ValueError):
    """A command or function was called with arguments that cannot work."""


class HandoutError(PainContentError):
    """WeasyPrint could not make a handout correctly (a font, an image or a style failed)."""
