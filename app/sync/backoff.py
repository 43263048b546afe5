"""Capped exponential backoff with full jitter, honouring the server's Retry-After.

The delay before retry n is random(0, min(cap, base * 2**n)) (the "full jitter" of the AWS architecture
blog, the same formula as tenacity's wait_random_exponential): many laptops coming back online after an
outage spread their retries instead of arriving together.
"""

from __future__ import annotations

import random

# A Retry-After beyond a day is a misconfigured server, not a plan.
MAX_RETRY_AFTER = 24 * 3600.0


class Backoff:
    def __init__(self, base: float = 1.0, cap: float = 900.0, rng: random.Random | None = None) -> None:
        if base <= 0 or cap < base:
            raise ValueError("backoff needs 0 < base <= cap")
        self.base = base
        self.cap = cap
        self.rng = rng or random.Random()
        self.attempt = 0

    def ceiling(self) -> float:
        """The longest delay the next retry may draw."""
        return min(self.cap, self.base * 2.0**self.attempt)

    def next_delay(self, retry_after: float | None = None) -> float:
        """Seconds to wait before the next retry; a Retry-After from the server is the least it waits."""
        delay = self.rng.uniform(0.0, self.ceiling())
        if self.base * 2**self.attempt < self.cap:
            self.attempt += 1  # stops growing at the cap, so 2**attempt never overflows
        if retry_after is not None:
            delay = max(delay, min(max(retry_after, 0.0), MAX_RETRY_AFTER))
        return delay

    def reset(self) -> None:
        """After a success: the next failure starts again from the base delay."""
        self.attempt = 0
