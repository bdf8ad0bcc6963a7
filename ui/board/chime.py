"""The board's chime when someone is called; silent without QtMultimedia or an audio device."""

from __future__ import annotations

import logging
from pathlib import Path

from PySide6.QtCore import QObject, QUrl

log = logging.getLogger(__name__)
CHIME = Path(__file__).resolve().parents[2] / "resources" / "sounds" / "chime.wav"


class Chime(QObject):
    """Plays ``chime.wav``; silent (never failing) without QtMultimedia or an audio device."""

    def __init__(self, enabled: bool = True, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.enabled = enabled
        self.played = 0
        self._effect: object | None = None
        if enabled:
            self._effect = _sound_effect(self)

    @property
    def available(self) -> bool:
        return self._effect is not None

    def play(self) -> None:
        """Ring once (counted even when no sound can be made, so tests can see it)."""
        if not self.enabled:
            return
        self.played += 1
        effect = self._effect
        if effect is not None:
            try:
                effect.play()  # type: ignore[attr-defined]
            except RuntimeError:
                log.warning("the chime could not be played")


def _sound_effect(parent: QObject) -> object | None:
    try:
        from PySide6.QtMultimedia import QSoundEffect
    except ImportError:  # no QtMultimedia, or its audio libraries are missing
        log.info("QtMultimedia is unavailable: the display board will not chime")
        return None
    effect = QSoundEffect(parent)
    effect.setSource(QUrl.fromLocalFile(str(CHIME)))
    effect.setVolume(0.8)
    return effect
