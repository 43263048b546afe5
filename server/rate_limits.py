"""Rate limits of the endpoints anyone may call (login, enroll): sliding windows per client address and e-mail."""

from __future__ import annotations

import asyncio
import math
import threading
import time
from collections import deque
from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager
from dataclasses import dataclass, field

from server.config import RateLimits
from server.errors import TooManyRequests

# Keys (addresses, e-mail addresses) remembered at most; past it the stale ones go, then the oldest.
MAX_KEYS = 100_000
# Logins waiting for a password check, per check allowed at once; past it they are refused rather than queued.
WAITING_PER_CHECK = 8


class SlidingWindow:
    """At most `limit` events per key within the last `seconds`; safe to use from many threads."""

    def __init__(
        self, limit: int, seconds: float, clock: Callable[[], float] = time.monotonic, max_keys: int = MAX_KEYS
    ) -> None:
        self.limit = limit
        self.seconds = seconds
        self.clock = clock
        self.max_keys = max_keys
        self._events: dict[str, deque[float]] = {}
        self._lock = threading.Lock()

    def hit(self, key: str) -> float:
        """Record one event for `key` and answer 0, or, when the window is full, record nothing and answer how many
        seconds until an event is allowed again."""
        with self._lock:
            now = self.clock()
            events = self._events.pop(key, None) or deque()
            while events and events[0] <= now - self.seconds:
                events.popleft()
            self._events[key] = events  # re-inserted last: the dict's order is least recently used first
            if len(events) >= self.limit:
                return events[0] + self.seconds - now
            events.append(now)
            if len(self._events) > self.max_keys:
                self._forget_some(now)
            return 0.0

    def clear(self, key: str) -> None:
        with self._lock:
            self._events.pop(key, None)

    def _forget_some(self, now: float) -> None:
        for key in [key for key, events in self._events.items() if not events or events[-1] <= now - self.seconds]:
            del self._events[key]
        while len(self._events) > self.max_keys:
            del self._events[next(iter(self._events))]


@dataclass
class _PairState:
    failures: int = 0
    last_failure: float = 0.0
    blocked_until: float = 0.0


class LoginThrottle:
    """Failed logins counted per (e-mail, client address), so that nobody can lock a coordinator out from elsewhere.

    - Per pair: `free` failures, then each further one makes that pair wait, doubling from 1 second up to
      `max_delay`; a success clears the pair, and a pair without failures for `max_delay` is forgotten.
    - Per e-mail, over every address (the global cap): past `email_cap` failures within `max_delay`, an address that
      failed for this e-mail before waits as above and a new address gets one attempt before it does. Password
      guessing from many addresses is slowed to one try per address and window; the owner, from an address of
      their own, still gets in with the right password.
    """

    def __init__(
        self,
        free: int,
        max_delay: float,
        email_cap: int,
        clock: Callable[[], float] = time.monotonic,
        max_keys: int = MAX_KEYS,
    ) -> None:
        self.free = free
        self.max_delay = max_delay
        self.email_cap = email_cap
        self.clock = clock
        self.max_keys = max_keys
        self._pairs: dict[tuple[str, str], _PairState] = {}
        self._by_email = SlidingWindow(email_cap, max_delay, clock, max_keys)
        self._lock = threading.Lock()

    def wait(self, email: str, address: str) -> float:
        """Seconds until this pair may try again (0: now)."""
        with self._lock:
            now = self.clock()
            state = self._pairs.get((email, address))
            if state is not None and now - state.last_failure > self.max_delay:
                del self._pairs[(email, address)]
                state = None
            return 0.0 if state is None else max(0.0, state.blocked_until - now)

    def failed(self, email: str, address: str) -> None:
        """Record a wrong password for the pair; the e-mail's cap decides how many are free."""
        is_over_cap = self._by_email.hit(email) > 0
        with self._lock:
            now = self.clock()
            state = self._pairs.pop((email, address), None) or _PairState()
            self._pairs[(email, address)] = state  # re-inserted last: least recently failed first
            state.failures += 1
            state.last_failure = now
            beyond = state.failures - self.free
            if is_over_cap:
                beyond = max(beyond, 1)  # over the cap, no failure is free: a new address waits after one
            if beyond > 0:
                delay = min(self.max_delay, 2.0 ** min(beyond - 1, 30))
                state.blocked_until = now + delay
            if len(self._pairs) > self.max_keys:
                for key in [key for key, value in self._pairs.items() if now - value.last_failure > self.max_delay]:
                    del self._pairs[key]
                while len(self._pairs) > self.max_keys:
                    del self._pairs[next(iter(self._pairs))]

    def succeeded(self, email: str, address: str) -> None:
        with self._lock:
            self._pairs.pop((email, address), None)


@dataclass
class Throttles:
    """The server's limits on login and enrollment, and on the number of Argon2 checks running at once.

    `clock` (seconds, monotonic) is the windows' time: tests pass their own to let a window pass without waiting.
    """

    limits: RateLimits
    clock: Callable[[], float] = time.monotonic
    by_address: dict[str, SlidingWindow] = field(default_factory=dict)
    logins: LoginThrottle = field(init=False)
    password_checks: asyncio.Semaphore = field(init=False)
    waiting_checks: int = 0

    def __post_init__(self) -> None:
        self.logins = LoginThrottle(
            self.limits.login_failures,
            self.limits.login_failure_seconds,
            self.limits.login_failures_per_email,
            self.clock,
        )
        self.password_checks = asyncio.Semaphore(self.limits.password_checks)
        for endpoint in ("login", "enroll"):
            self.by_address[endpoint] = SlidingWindow(
                self.limits.requests_per_address, self.limits.address_window_seconds, self.clock
            )

    def check_address(self, endpoint: str, address: str) -> None:
        """Counts one request of `endpoint` from `address`; TooManyRequests past the limit."""
        wait = self.by_address[endpoint].hit(address)
        if wait > 0:
            raise TooManyRequests(f"Too many requests from this address; try again in {_seconds(wait)}.", wait)

    def check_login(self, email: str, address: str) -> None:
        """TooManyRequests while this (e-mail, address) must wait after failed logins."""
        wait = self.logins.wait(email, address)
        if wait > 0:
            raise TooManyRequests(
                f"Too many failed logins for this e-mail address from here; try again in {_seconds(wait)}.", wait
            )

    def login_failed(self, email: str, address: str) -> None:
        self.logins.failed(email, address)

    def login_succeeded(self, email: str, address: str) -> None:
        self.logins.succeeded(email, address)

    @asynccontextmanager
    async def password_check(self) -> AsyncIterator[None]:
        """Waits (on the event loop, holding no worker thread) for one of the few Argon2 slots: each check holds
        64 MiB, so parallel logins cannot exhaust memory; past a short queue a login is refused instead."""
        if self.waiting_checks >= self.limits.password_checks * WAITING_PER_CHECK:
            raise TooManyRequests("The server is busy checking passwords; try again in a few seconds.", 2)
        self.waiting_checks += 1
        try:
            await self.password_checks.acquire()
        finally:
            self.waiting_checks -= 1
        try:
            yield
        finally:
            self.password_checks.release()


def _seconds(wait: float) -> str:
    whole = max(1, math.ceil(wait))
    if whole < 120:
        return f"{whole} second{'s' if whole != 1 else ''}"
    return f"{round(whole / 60)} minutes"
