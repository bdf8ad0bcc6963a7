"""Write ``chime.wav``: a soft two-note "ding-dong" for the display board (public domain).

Run ``python resources/sounds/make_chime.py``; the file is synthesised here (sine
tones with a few harmonics and an exponential decay), so it has no licence strings.
"""

from __future__ import annotations

import math
import struct
import wave
from pathlib import Path

RATE = 22050
NOTES = ((0.0, 659.25), (0.42, 523.25))  # (start in seconds, frequency): E5 then C5
LENGTH = 1.5
VOLUME = 0.35


def sample(t: float) -> float:
    value = 0.0
    for start, frequency in NOTES:
        if t < start:
            continue
        age = t - start
        envelope = math.exp(-age * 3.2) * min(1.0, age / 0.008)
        for harmonic, weight in ((1, 1.0), (2, 0.35), (3, 0.12)):
            value += weight * envelope * math.sin(2 * math.pi * frequency * harmonic * age)
    fade = min(1.0, (LENGTH - t) / 0.05)
    return VOLUME * value * fade / 1.47


def main() -> None:
    out = Path(__file__).with_name("chime.wav")
    frames = b"".join(struct.pack("<h", round(32767 * max(-1.0, min(1.0, sample(i / RATE)))))
                      for i in range(int(RATE * LENGTH)))
    with wave.open(str(out), "wb") as file:
        file.setnchannels(1)
        file.setsampwidth(2)
        file.setframerate(RATE)
        file.writeframes(frames)


if __name__ == "__main__":
    main()
