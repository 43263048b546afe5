"""The note check (j): p95 of the whole check on a 500-character note against a bare regex pass over the same text.

The check runs on every pause in typing in the Desk's note field. The note is one an advisor could write: mixed
languages, dates, times, prices, public service numbers (which pass), with one letter changed per round. The figure
is the cold case: the cache of parsed phone numbers is emptied before every check (as typed, a note's numbers are
parsed once and later checks are faster: `warm_*` in the details). The floor is one precompiled regex scanning the
same text for identity-code-shaped runs, the barest check there is. The directory numbers are 5,000 (a large local
directory). Each check takes well under a millisecond, so on a busy machine the p95 mostly measures preemption;
the medians are in the details.
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


def _p95(work: list[str], check: Callable[[str], object], cold: bool = False) -> float:
    return percentile(_samples(work, check, cold), 0.95)


def _samples(work: list[str], check: Callable[[str], object], cold: bool = False) -> list[float]:
    samples = []
    for text in work:
        if cold:
            _dialled.cache_clear()
        started = time.perf_counter()
        check(text)
        samples.append((time.perf_counter() - started) * 1000)
    return samples


def bench_notecheck(rounds: int) -> Figure:
    rng = random.Random(17)
    directory = service_number_keys(f"09 {rng.randrange(100, 999)} {rng.randrange(1000, 99999)}" for _ in range(5000))
    typical = [_note(TYPICAL, rng) for _ in range(rounds)]
    dense = [_note(DENSE, rng) for _ in range(rounds)]
    bare = re.compile(r"(?<!\d)\d{6}[-+a-fu-y]\d{3}[0-9a-y]", re.IGNORECASE)
    assert all(personal_data_kinds(text, directory) == [] for text in typical[:5]), "the bench notes must pass"
    _p95(typical[:20], lambda text: personal_data_kinds(text, directory))  # warm up (imports, regex caches)
    def check(text: str) -> object:
        return personal_data_kinds(text, directory)

    cold = _samples(typical, check, cold=True)
    value = percentile(cold, 0.95)
    floor = _p95(typical, bare.findall)
    return Figure(
        key="j",
        title=f"note check of a {NOTE_LENGTH}-character note, p95 of {rounds}",
        value_ms=value,
        floor_ms=floor,
        floor="a bare regex pass over the same text",
        goal_ms=5.0,
        goal="p95 under 5 ms (well inside a pause in typing)",
        details={
            "median_ms": round(median(cold), 3),
            "warm_p95_ms": round(_p95(typical, check), 3),
            "warm_median_ms": round(median(_samples(typical, check)), 3),
            "dense_note_p95_ms": round(_p95(dense, check, cold=True), 3),
            "dense_note_floor_p95_ms": round(_p95(dense, bare.findall), 4),
            "directory_numbers": len(directory),
        },
    )


if __name__ == "__main__":
    print(bench_notecheck(2000).line())
