"""The note check (j): p95 of the whole check on a 500-character note against a bare regex pass over the same text.

The check runs on every pause in typing in the Desk's note field. The note is one an advisor could write: mixed
languages, dates, times, prices, public service numbers (which pass), with one letter changed per round. The figure
is the cold case: the cache of parsed phone numbers is emptied before every check (as typed, a note's numbers are
parsed once and later checks are faster: `warm_*` in the details). The floor is one precompiled regex scanning the
same text for identity-code-shaped runs, the barest check there is. The directory numbers are 5,000 (a large local
directory). Each check takes about a millisecond, so on a busy machine the wall-clock p95 measures preemption by
other processes more than the check: the figure is the thread's CPU time, the wall-clock p95 is in the details.
"""

from __future__ import annotations

import random
import re
import time
from collections.abc import Callable

from app.notecheck import _dialled, personal_data_kinds, service_number_keys
from bench.measure import Figure, median, percentile

NOTE_LENGTH = 500
TYPICAL = (
    "Asiakas kysyi asumistuesta ja toimeentulotuesta, ohjattu Kelaan 020 692 207 (ma-pe 9-16). Vuokra 650 e/kk, "
    "3 lasta (2, 5 ja 7 v). Seuraava aika 22.11.2026 klo 14:30, viikko 47. Migri 0295 419 600: oleskelulupa "
    "vireillä, määräaika 30.6.2027. TE-palvelut 0295 025 500, työnhaku aloitettu. Lasku 89,90 €, viitenumero "
    "1234561. Tulkki arabia, 30 min. Referred to the library's homework club, postcode 00930, bus 560. "
    "Следующая встреча 2.12. в 10:00. Ballanta xigta 5.12.2026. الموعد القادم 22.11.2026 الساعة 14:30. "
    "Lomake HA1 täytetty yhdessä; katso kela.fi ja migri.fi. "
)
DENSE = (
    "klo 9-11 ja 13-15, huone 101, 12 000 e, 3 laskua, 22.11.2026, 2026-W47, 00930, 560, 1 200,50 €, 30.6.2027, "
    "Kela 020 692 207, Migri 0295 419 600, TE 0295 025 500, Vero 029 497 000, 1234/03.00/2026, 0201256-6, "
)


def _note(base: str, rng: random.Random) -> str:
    """The note cut to NOTE_LENGTH with one letter changed (as if typed on)."""
    text = (base * (NOTE_LENGTH // len(base) + 1))[:NOTE_LENGTH]
    position = rng.choice([index for index, char in enumerate(text) if "a" <= char <= "z"])
    return text[:position] + rng.choice("aeiklnrst") + text[position + 1 :]


def _samples(work: list[str], check: Callable[[str], object], cold: bool = False) -> tuple[list[float], list[float]]:
    """(thread CPU ms, wall-clock ms) of each check."""
    cpu, wall = [], []
    for text in work:
        if cold:
            _dialled.cache_clear()
        started_cpu, started = time.thread_time(), time.perf_counter()
        check(text)
        wall.append((time.perf_counter() - started) * 1000)
        cpu.append((time.thread_time() - started_cpu) * 1000)
    return cpu, wall


def bench_notecheck(rounds: int) -> Figure:
    rng = random.Random(17)
    directory = service_number_keys(f"09 {rng.randrange(100, 999)} {rng.randrange(1000, 99999)}" for _ in range(5000))
    typical = [_note(TYPICAL, rng) for _ in range(rounds)]
    dense = [_note(DENSE, rng) for _ in range(rounds)]
    bare = re.compile(r"(?<!\d)\d{6}[-+a-fu-y]\d{3}[0-9a-y]", re.IGNORECASE)
    assert all(personal_data_kinds(text, directory) == [] for text in typical + dense), "the bench notes must pass"

    def check(text: str) -> object:
        return personal_data_kinds(text, directory)

    _samples(typical[:20], check)  # warm up (imports, compiled patterns)
    cold_cpu, cold_wall = _samples(typical, check, cold=True)
    floor_cpu, floor_wall = _samples(typical, bare.findall)
    warm_cpu, _warm_wall = _samples(typical, check)
    dense_cpu, _dense_wall = _samples(dense, check, cold=True)
    return Figure(
        key="j",
        title=f"note check of a {NOTE_LENGTH}-character note, p95 of {rounds} (thread CPU time)",
        value_ms=percentile(cold_cpu, 0.95),
        floor_ms=percentile(floor_cpu, 0.95),
        floor="a bare regex pass over the same text",
        goal_ms=5.0,
        goal="p95 under 5 ms (well inside a pause in typing)",
        details={
            "median_ms": round(median(cold_cpu), 3),
            "wall_p95_ms": round(percentile(cold_wall, 0.95), 3),
            "wall_floor_p95_ms": round(percentile(floor_wall, 0.95), 4),
            "warm_p95_ms": round(percentile(warm_cpu, 0.95), 3),
            "dense_note_p95_ms": round(percentile(dense_cpu, 0.95), 3),
            "directory_numbers": len(directory),
        },
    )


if __name__ == "__main__":
    figure = bench_notecheck(2000)
    print(figure.line())
    print(figure.details)
