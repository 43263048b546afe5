"""Fault injection between the sync client and the real server: an httpx transport that loses, fails, duplicates
and delays requests on purpose, so that tests, the soak and the benchmark can check exactly-once delivery.

Usage: `sync_of(store, transport=FaultyTransport(httpx.HTTPTransport(), FaultPlan(rng, rate=0.3)))`.
Nothing here imports pytest: `bench/sync_soak.py` uses it too.
"""

from __future__ import annotations

import random
from collections import Counter, deque
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from email.utils import format_datetime
from enum import StrEnum

import httpx


class Fault(StrEnum):
    """What can go wrong with one request between the laptop and the server."""

    DROP_BEFORE = "dropped before sending"  # the server never sees it (ConnectError)
    DROP_AFTER = "dropped after the server answered"  # the server committed; the answer is lost (ReadError)
    TIMEOUT_AFTER = "timed out after the server answered"  # the same, seen by the client as a ReadTimeout
    SERVER_ERROR = "answered 500 without forwarding"
    BUSY = "answered 503 without forwarding"
    BUSY_RETRY_AFTER = "answered 503 with Retry-After without forwarding"
    DUPLICATE = "sent twice"  # the network delivers it twice; the client gets either answer
    HOLD = "held back and replayed later"  # delayed in the network: the client times out; it arrives later
    CLIENT_KILLED = "client killed after the server answered"  # the process dies before it records anything


# The faults a random plan draws from (killing the client is a step of its own, never drawn at random).
NETWORK_FAULTS: tuple[Fault, ...] = (
    Fault.DROP_BEFORE,
    Fault.DROP_AFTER,
    Fault.TIMEOUT_AFTER,
    Fault.SERVER_ERROR,
    Fault.BUSY,
    Fault.BUSY_RETRY_AFTER,
    Fault.DUPLICATE,
    Fault.HOLD,
)
# Every fault that lets the server commit the request while the client does not learn of it.
LOST_ANSWER_FAULTS = frozenset({Fault.DROP_AFTER, Fault.TIMEOUT_AFTER, Fault.CLIENT_KILLED})


class ClientKilled(Exception):  # noqa: N818 - it names the event, as the tests speak of it
    """The laptop's process died right after the server answered: nothing after the request ran.

    Not an httpx error, so no layer of the client catches it; the caller then "starts the app again".
    """


@dataclass
class FaultPlan:
    """When to inject which fault: each request gets one with probability `rate`, at most `budget` in all.

    One plan may be shared by several transports (two laptops), so that the budget counts every fault.
    """

    rng: random.Random
    rate: float = 0.3
    budget: int | None = None
    kinds: tuple[Fault, ...] = NETWORK_FAULTS
    replay_rate: float = 0.03  # chance that a held request is released before a request passes
    injected: Counter[Fault] = field(default_factory=Counter)

    @property
    def total_injected(self) -> int:
        return sum(self.injected.values())

    @property
    def is_spent(self) -> bool:
        return self.budget is not None and self.total_injected >= self.budget

    def draw(self) -> Fault | None:
        if self.is_spent or self.rng.random() >= self.rate:
            return None
        return self.rng.choice(self.kinds)

    def count(self, fault: Fault) -> None:
        self.injected[fault] += 1


@dataclass(frozen=True)
class Replay:
    """A held request that finally reached the server, and what the server answered then."""

    method: str
    path: str
    status_code: int
    ack_status: str | None  # "stored", "unchanged" or "stale" for a report, else None
    revision: int | None


def _copy(request: httpx.Request) -> httpx.Request:
    """A fresh request with the same method, address, headers and body, to send again later."""
    return httpx.Request(request.method, request.url, headers=request.headers, content=request.read())


def _retry_after(rng: random.Random) -> str:
    """Retry-After as seconds, or now and then as an HTTP date (both forms are allowed)."""
    if rng.random() < 0.25:
        return format_datetime(datetime.now(UTC) + timedelta(seconds=1), usegmt=True)
    return str(rng.choice((0, 1, 2)))


class FaultyTransport(httpx.BaseTransport):
    """Forwards to `inner` (a real HTTPTransport to the real server), injecting the faults of `plan`.

    `inject(...)` forces the faults of the next requests, whatever the plan says. `before_forward` (if set) runs
    before each request goes on, with the number of the request, e.g. to restart the server at a chosen moment.
    """

    def __init__(
        self,
        inner: httpx.BaseTransport | None = None,
        plan: FaultPlan | None = None,
        rng: random.Random | None = None,
        methods: Iterable[str] | None = None,
    ) -> None:
        self.inner = inner or httpx.HTTPTransport()
        self.rng = rng or (plan.rng if plan is not None else random.Random())
        self.plan = plan
        self.methods = frozenset(methods) if methods is not None else None  # only these get random faults
        self.forced: deque[Fault] = deque()
        self.held: list[httpx.Request] = []
        self.replays: list[Replay] = []
        self.killed: list[httpx.Request] = []  # requests the server answered just before the client died
        self.injected: Counter[Fault] = Counter()
        self.requests = 0
        self.forwarded = 0
        self.before_forward: Callable[[int], None] | None = None

    # -- control ------------------------------------------------------------------------------
    def inject(self, *faults: Fault) -> None:
        """The next requests get these faults, in order (then the plan decides again)."""
        self.forced.extend(faults)

    def replay_held(self, count: int | None = None, is_oldest_first: bool = False) -> list[Replay]:
        """Release held requests (all, or `count` of them, chosen at random or the oldest first) to the server;
        returns the server's answers."""
        released: list[Replay] = []
        while self.held and (count is None or len(released) < count):
            request = self.held.pop(0 if is_oldest_first else self.rng.randrange(len(self.held)))
            released.append(self._replay(request))
        return released

    # -- the transport ------------------------------------------------------------------------
    def handle_request(self, request: httpx.Request) -> httpx.Response:
        self.requests += 1
        if self.held and self.plan is not None and self.rng.random() < self.plan.replay_rate:
            self.replay_held(1)  # an older request overtakes this one: the server sees them out of order
        fault = self._fault_for(request)
        if fault is None:
            return self._forward(request)
        self.injected[fault] += 1
        if self.plan is not None:
            self.plan.count(fault)
        if fault is Fault.DROP_BEFORE:
            raise httpx.ConnectError("fault injected: connection dropped before sending", request=request)
        if fault in (Fault.SERVER_ERROR, Fault.BUSY, Fault.BUSY_RETRY_AFTER):
            return self._refuse(request, fault)
        if fault is Fault.HOLD:
            self.held.append(_copy(request))
            raise httpx.ReadTimeout("fault injected: the request is stuck in the network", request=request)
        response = self._forward(request)
        if fault is Fault.DUPLICATE:
            second = self._forward(_copy(request))
            return second if self.rng.random() < 0.5 else response
        if fault is Fault.DROP_AFTER:
            raise httpx.ReadError("fault injected: connection dropped after the server answered", request=request)
        if fault is Fault.TIMEOUT_AFTER:
            raise httpx.ReadTimeout("fault injected: the answer came too late", request=request)
        self.killed.append(request)
        raise ClientKilled(f"fault injected: the client died after {request.method} {request.url.path}")

    def close(self) -> None:
        self.inner.close()

    # -- inside -------------------------------------------------------------------------------
    def _fault_for(self, request: httpx.Request) -> Fault | None:
        if self.forced:
            return self.forced.popleft()
        if self.plan is None or (self.methods is not None and request.method not in self.methods):
            return None
        return self.plan.draw()

    def _forward(self, request: httpx.Request) -> httpx.Response:
        if self.before_forward is not None:
            self.before_forward(self.requests)
        response = self.inner.handle_request(request)
        response.read()  # the whole answer arrives before any fault is decided on it
        self.forwarded += 1
        return response

    def _refuse(self, request: httpx.Request, fault: Fault) -> httpx.Response:
        """A proxy or load balancer in front of the server answers instead of it."""
        status = 500 if fault is Fault.SERVER_ERROR else 503
        headers = {"Retry-After": _retry_after(self.rng)} if fault is Fault.BUSY_RETRY_AFTER else {}
        return httpx.Response(status, headers=headers, json={"detail": "Injected fault."}, request=request)

    def _replay(self, request: httpx.Request) -> Replay:
        response = self._forward(request)
        ack_status = revision = None
        if request.method == "PUT" and response.status_code == 200:
            body = response.json()
            ack_status, revision = body.get("status"), body.get("revision")
        replay = Replay(request.method, request.url.path, response.status_code, ack_status, revision)
        self.replays.append(replay)
        return replay
