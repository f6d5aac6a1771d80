"""Failed sign-ins per e-mail address: after a few in a row, that address waits.

Argon2 makes each guess slow; this makes a run of guesses against one account stop. Kept
in the app process's memory: a restart forgets it, several processes count apart, which
bounds guesses per process without a shared store (docs/team.md).
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field

#: Failed sign-ins for one address before it has to wait.
MAX_FAILURES = 5
#: How long failures count, and how long the wait after the last one lasts.
PERIOD_SECONDS = 15 * 60


@dataclass
class SignInThrottle:
    max_failures: int = MAX_FAILURES
    period_seconds: float = PERIOD_SECONDS
    clock: Callable[[], float] = time.monotonic
    _failures: dict[str, list[float]] = field(default_factory=dict)
    _lock: threading.Lock = field(default_factory=threading.Lock)

    def wait_seconds(self, email: str) -> float:
        """Seconds until ``email`` may try again; 0 when it may now."""
        with self._lock:
            recent = self._recent(email.strip().casefold())
            if len(recent) < self.max_failures:
                return 0.0
            return max(0.0, recent[-1] + self.period_seconds - self.clock())

    def failed(self, email: str) -> None:
        key = email.strip().casefold()
        with self._lock:
            self._failures[key] = [*self._recent(key), self.clock()][-self.max_failures:]

    def succeeded(self, email: str) -> None:
        with self._lock:
            self._failures.pop(email.strip().casefold(), None)

    def _recent(self, key: str) -> list[float]:
        since = self.clock() - self.period_seconds
        recent = [at for at in self._failures.get(key, []) if at > since]
        if recent:
            self._failures[key] = recent
        else:
            self._failures.pop(key, None)
        return recent
