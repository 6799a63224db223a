"""Settings papercat reads from environment variables, worded the same way everywhere."""

from __future__ import annotations

import os

from .errors import PapercatError


def seconds_from_env(name: str, default: float, error: type[PapercatError]) -> float:
    """A non-negative number of seconds from $name, `default` when unset or empty; `error` otherwise."""
    configured = os.environ.get(name)
    if not configured:
        return default
    try:
        return max(0.0, float(configured))
    except ValueError:
        raise error(f"${name} must be a number of seconds, not '{configured}'") from None
