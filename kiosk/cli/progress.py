"""Progress bars for long commands: drawn on a terminal, silent when the output is piped."""

from __future__ import annotations

import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager


@contextmanager
def progress_bar(label: str, unit: str) -> Iterator[Callable[[int, int], None]]:
    """A callback ``(done, total)`` that moves a bar on stderr, only if stderr is a terminal."""
    from tqdm import tqdm  # here, not at the top: no other command pays for loading it

    bar = tqdm(desc=label, unit=unit, total=0, disable=not sys.stderr.isatty(), leave=False)

    def update(done: int, total: int) -> None:
        bar.total = total
        bar.n = done
        bar.refresh()

    try:
        yield update
    finally:
        bar.close()
