"""Core calls made for the visitor at the screen: off the GUI thread, answered to them only."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar

from PySide6.QtCore import QObject

from ui.common.tasks import TaskRunner

T = TypeVar("T")
Answer = Callable[[Any], None]


class VisitorCalls:
    """Runs the kiosk's core calls on the task runner, for one visitor at a time.

    Every reset starts a new visitor (:meth:`forget`): answers to calls made for an
    earlier visitor arrive late and are dropped. While a call the visitor waits for
    runs, the kiosk is busy, and ``on_busy`` is told (buttons say "One moment…").
    """

    def __init__(self, runner: TaskRunner, context: QObject,
                 on_busy: Callable[[bool], None]) -> None:
        self.runner = runner
        self.context = context
        self.on_busy = on_busy
        self._busy = False
        self._visitor = object()

    @property
    def busy(self) -> bool:
        """Whether a call the visitor waits for is running."""
        return self._busy

    def set_busy(self, busy: bool) -> None:
        self._busy = busy
        self.on_busy(busy)

    def forget(self) -> None:
        """A new visitor: the last one's answers are dropped, and nothing is busy."""
        self._visitor = object()
        self.set_busy(False)

    def run(self, work: Callable[[], T], on_done: Callable[[T], None],
            on_error: Callable[[BaseException], None], name: str) -> None:
        """Run ``work`` while the kiosk is busy; the answer counts for the same visitor only."""
        self.set_busy(True)
        self._start(work, self._idle_then(on_done), self._idle_then(on_error), name)

    def run_quietly(self, work: Callable[[], T], on_done: Callable[[T], None],
                    on_error: Callable[[BaseException], None], name: str) -> None:
        """Run ``work`` without making the kiosk busy (e.g. reading the notices)."""
        self._start(work, self._for_visitor(on_done), self._for_visitor(on_error), name)

    def _start(self, work: Callable[[], T], on_done: Answer,
               on_error: Callable[[BaseException], None], name: str) -> None:
        def boxed() -> tuple[T]:
            # None never travels through a queued signal on its own: PySide6 on Python
            # 3.11 loses a reference to it each time ("none_dealloc" crash, much later).
            return (work(),)

        self.runner.run(boxed, lambda result: on_done(result[0]), on_error, name=name,
                        context=self.context)

    def _idle_then(self, callback: Answer) -> Answer:
        def answer(result: Any) -> None:
            self.set_busy(False)
            callback(result)

        return self._for_visitor(answer)

    def _for_visitor(self, callback: Answer) -> Answer:
        visitor = self._visitor
        return lambda result: callback(result) if visitor is self._visitor else None
