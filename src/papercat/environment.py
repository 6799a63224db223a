"""Settings papercat reads from environment variables, worded the same way everywhere."""

from __future__ import annotations

import math
import os

from .errors import PapercatError

# No setting papercat reads needs more than a day; `inf` or 1e300 would overflow a sleep or a timer.
MAX_SECONDS = 86_400.0


def seconds_from_env(name: str, default: float, error: type[PapercatError], *, positive: bool = False) -> float:
    """A number of seconds from $name (0 to a day; more than 0 when `positive`), `default` when unset or empty."""
    configured = os.environ.get(name)
    if not configured:
        return default
    shown = configured if len(configured) <= 40 else configured[:37] + "..."
    try:
        seconds = float(configured)
    except ValueError:
        raise error(f"${name} must be a number of seconds, not '{shown}'") from None
    if not math.isfinite(seconds) or seconds < 0 or seconds > MAX_SECONDS:
        raise error(f"${name} must be a number of seconds from 0 to {MAX_SECONDS:g}, not '{shown}'")
    if positive and seconds == 0:
        raise error(f"${name} must be more than 0 seconds (0 would give up on every request before it starts), not '{shown}'")
    return seconds
