"""A count and its noun in the command line's English: "1 error", "2 errors".

Every count the command line or a finding prints goes through :func:`counted`,
so no message says "1 errors".
"""

from __future__ import annotations


def counted(count: int, noun: str, plural: str | None = None) -> str:
    """The count and the noun, singular for exactly one.

    >>> counted(1, "error"), counted(0, "error"), counted(2, "entry", "entries")
    ('1 error', '0 errors', '2 entries')

    Args:
        count: how many.
        noun: the singular noun.
        plural: the plural when it is not the noun plus ``s``.
    """
    return f"{count} {noun if count == 1 else plural or noun + 's'}"
