"""How every command ends: its exit code, and one line on stderr when it fails.

Kept apart from the commands themselves, which load the core: a window process reads
these before its first paint, long before the core has loaded (:mod:`kiosk.cli.run`).
"""

from __future__ import annotations

import sys

EXIT_OK, EXIT_FAILURE, EXIT_USAGE = 0, 1, 2


class CommandFailed(Exception):
    """The command ran and printed its report, but did not succeed (exit code 1)."""


def say(reason: str) -> None:
    """One line on stderr, as every reason for a failure is given.

    What would break the line or not show (a newline in an argument the reason quotes,
    an undecodable byte) is written as its escape, ``\\n`` or ``\\udcff``.
    """
    line = "".join(c if c.isprintable() else ascii(c)[1:-1] for c in reason)
    print(f"techbar: {line}", file=sys.stderr)
