"""Where the liaison's panels report how their service calls ended: the window's message bar."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from ui.common.offline import OutageNotice
from ui.common.tasks import describe_error
from ui.common.widgets import MessageArea


@dataclass(frozen=True)
class Outcome:
    """The liaison window's message bar, and how to catch up after a change.

    Attributes:
        message: the window's own message bar (never another window's).
        catch_up: asks the feed and the floor again once something changed.
        outage: shows an outage in the message bar until the database is back.
    """

    message: MessageArea
    catch_up: Callable[[], None]
    outage: OutageNotice | None = None

    def success(self, text: str) -> None:
        self.message.show_success(text)

    def changed(self, text: str) -> None:
        """A success that changed the floor: say so, then catch up at once."""
        self.success(text)
        self.catch_up()

    def error(self, error: BaseException) -> None:
        if self.outage is None or not self.outage.show(error):
            self.message.show_error(describe_error(error))
