"""How the kiosk words a wait: the tiles, the welcome page and the ticket say it alike."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, QLocale

from kiosk.domain.estimate import WaitEstimate


def wait_text(estimate: WaitEstimate, locale: QLocale) -> str:
    """An honest range, never a single number: "about 10\u201320 minutes".

    The ticket and the category tiles say it the same way (one source for the promise
    and the estimate).
    """
    high = estimate.high_minutes
    if estimate.coarse:
        return _coarse_text(estimate)
    if high <= 5:
        return QCoreApplication.translate("ConfirmationPanel", "Estimated wait: a few minutes")
    if estimate.low_minutes <= 0:
        return QCoreApplication.translate(
            "ConfirmationPanel", "Estimated wait: under %1 minutes").replace(
            "%1", locale.toString(high))
    return QCoreApplication.translate(
        "ConfirmationPanel", "Estimated wait: about %1\u2013%2 minutes").replace(
        "%1", locale.toString(estimate.low_minutes)).replace("%2", locale.toString(high))


def _coarse_text(estimate: WaitEstimate) -> str:
    """While history is thin, no false precision: a few minutes, under half an hour,
    under an hour, or more than an hour."""
    high = estimate.high_minutes
    if high <= 10:
        return QCoreApplication.translate("ConfirmationPanel", "Estimated wait: a few minutes")
    if high <= 30:
        return QCoreApplication.translate("ConfirmationPanel",
                                          "Estimated wait: under half an hour")
    if high <= 60:
        return QCoreApplication.translate("ConfirmationPanel", "Estimated wait: under an hour")
    if estimate.low_minutes >= 60:
        return QCoreApplication.translate("ConfirmationPanel",
                                          "Estimated wait: more than an hour")
    return QCoreApplication.translate("ConfirmationPanel",
                                      "Estimated wait: perhaps more than an hour")
