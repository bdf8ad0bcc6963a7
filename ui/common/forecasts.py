"""Each waiting visitor's expected call, kept fresh in a queue table as the floor moves.

The console and the liaison show when each visitor in line is expected to be called
(:meth:`kiosk.app.visits.VisitService.line_forecast`), and which of them will likely
pass their wait target before anyone acts. A forecast costs tens of milliseconds for a
long line, so it is not made per change: a change asks for one within
:data:`SETTLE_MS` (changes arriving meanwhile are folded in), at most one runs at a time,
and a floor quiet for :data:`REFRESH_MS` since the last forecast is forecast again
(technicians' visits grow longer while nothing changes, and the expected calls of a
line that does not move move with the clock).

Nothing is forecast while the table is off screen (its window hidden or minimised, or
its page not the one shown): a forecast asked for meanwhile is made on the first tick
of the feed once the table is back on screen.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from datetime import timedelta

from PySide6.QtCore import QObject, QTimer, Signal
from PySide6.QtWidgets import QWidget

from kiosk.bootstrap import Core
from kiosk.clock import Clock
from kiosk.domain.forecast import Forecast
from ui.common.feed import FloorFeed
from ui.common.models import QueueTableModel
from ui.common.tasks import TaskRunner
from ui.common.widgets import is_on_screen

log = logging.getLogger(__name__)

SETTLE_MS = 1500
REFRESH_MS = 60_000
#: Staff screens forecast the first this many in line (a long line's tail changes nothing
#: anyone acts on now, and would cost a second of CPU per forecast).
STAFF_LIMIT = 300


def always() -> bool:
    return True


def on_screen(widget: QWidget) -> Callable[[], bool]:
    """Whether ``widget`` is on screen now: shown (its page too) and its window not
    minimised."""
    return lambda: is_on_screen(widget)


class ForecastFollower(QObject):
    """Re-forecasts the line after the feed's changes and hands it to the model.

    Args:
        shown: whether the forecast is on screen now (see :func:`on_screen`); while it is
            not, forecasts asked for wait until it is.
        refresh_ms: a quiet floor is forecast again this long after the last forecast.

    Signals:
        updated(): a new forecast is in the model.
    """

    updated = Signal()

    def __init__(self, feed: FloorFeed, model: QueueTableModel,
                 forecast: Callable[[], Forecast], runner: TaskRunner, clock: Clock,
                 utc_offset: timedelta, parent: QObject | None = None, *,
                 shown: Callable[[], bool] = always, refresh_ms: int = REFRESH_MS) -> None:
        super().__init__(parent)
        self._model = model
        self._forecast = forecast
        self._runner = runner
        self._clock = clock
        self._offset = utc_offset
        self._shown = shown
        self._busy = False
        self._again = False
        self._waiting = False  # asked for while off screen
        self.delivered = 0  # forecasts handed to the model, for tests and benchmarks
        self._settle = QTimer(self)
        self._settle.setSingleShot(True)
        self._settle.setInterval(SETTLE_MS)
        self._settle.timeout.connect(self.run_now)
        self._refresh = QTimer(self)
        self._refresh.setSingleShot(True)
        self._refresh.setInterval(refresh_ms)
        self._refresh.timeout.connect(self.soon)
        self._refresh.start()
        feed.loaded.connect(self.soon)
        feed.changed.connect(self.soon)
        feed.ticked.connect(self.on_feed_ticked)
        if feed.is_loaded:
            self.soon()

    def soon(self, *_args: object) -> None:
        """Forecast once the changes settle (a burst of changes is one forecast); off
        screen, once the table is back."""
        if not self._shown():
            self._waiting = True
        elif not self._settle.isActive():
            self._settle.start()

    def on_feed_ticked(self) -> None:
        """Back on screen: make the forecast asked for meanwhile."""
        if self._waiting and self._shown():
            self._waiting = False
            self.soon()

    def run_now(self) -> bool:
        """Forecast now; False when one is in flight (another follows it) or shut down."""
        if self._busy:
            self._again = True
            return False
        if self._runner.is_closed:
            return False
        self._busy = self._runner.run(self._forecast, self.on_forecast, self.on_failed,
                                      name="forecast.line", context=self)
        return self._busy

    def on_forecast(self, forecast: Forecast) -> None:
        self._busy = False
        self._refresh.start()  # the next one when the floor has been quiet this long
        self._model.set_forecast(forecast.visits, self._clock.now(), self._offset)
        self.delivered += 1
        self.updated.emit()
        self._follow_up()

    def on_failed(self, error: BaseException) -> None:
        """The feed's own failure shows the outage; the column keeps its last forecast."""
        self._busy = False
        self._refresh.start()
        log.debug("forecast unavailable: %s", type(error).__name__)
        self._follow_up()

    def _follow_up(self) -> None:
        if self._again:
            self._again = False
            self.soon()


def follow_forecasts(core: Core, feed: FloorFeed, model: QueueTableModel, runner: TaskRunner,
                     parent: QObject, *, shown: Callable[[], bool] = always) -> ForecastFollower:
    """A staff window's follower: the first :data:`STAFF_LIMIT` in line, in site time."""
    visits = core.visits
    return ForecastFollower(feed, model, lambda: visits.line_forecast(limit=STAFF_LIMIT),
                            runner, core.clock, core.settings.utc_offset, parent, shown=shown)
