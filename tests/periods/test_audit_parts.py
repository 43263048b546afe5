"""The attacker against reports with month parts: each part is a piece of its own (perturbed with its month), and
the certificate that a count of 1-4 cannot be pinned is checked on the part that carries it."""

from __future__ import annotations

import secrets

from app.sync.wire import ReportCounts
from server.audit import _pieces, audit, can_shift
from server.suppression import Contribution, perturbed_payload


def crossing_report(device: str, housing_january: int, housing_february: int) -> Contribution:
    def part(housing: int) -> dict[str, object]:
        visits = housing + 2
        return {"visits": visits, "participants": visits, "counts": {"topic": {"housing": housing, "taxes": 2}}}

    january, february = part(housing_january), part(housing_february)
    counts = ReportCounts.model_validate(
        {
            "visits": january["visits"] + february["visits"],  # type: ignore[operator]
            "participants": january["participants"] + february["participants"],  # type: ignore[operator]
            "counts": {"topic": {"housing": housing_january + housing_february, "taxes": 4}},
            "parts": {"2026-01": january, "2026-02": february},
        }
    )
    key = secrets.token_hex(16)
    return Contribution(device, "Kallio", "Team", "2026-W05", key, counts, perturbed_payload(key, counts))


def test_a_crossing_weeks_small_counts_are_attacked_part_by_part() -> None:
    reports = [crossing_report(f"{number:032x}", 1, 0 if number else 2) for number in range(2)]  # 1+2, 1+0
    pieces = _pieces(reports[0], ("topic", "housing"))
    assert [true[("topic", "housing")] for true, _perturbed in pieces] == [1, 2]
    assert len(_pieces(reports[0], ("handout_language", "ar"))) == 1  # counted per week: one piece
    # The week's perturbed count is the sum of its parts' (one set of draws).
    week = reports[0].perturbed()[("topic", "housing")]
    assert week == sum(perturbed.get(("topic", "housing"), 0) for _true, perturbed in pieces)
    result = audit(reports)
    assert result.cells_checked > 0 and result.pinned == []
    # The certificate never moves a part that does not carry the count (a true 0 always publishes 0): February's
    # empty housing part can never be what clears the count.
    lonely = crossing_report("f" * 32, 1, 0)
    january, february = _pieces(lonely, ("topic", "housing"))
    assert ("topic", "housing") not in february[0]
    moves = all(
        january[0].get(cell, 0) + 3 - 20 <= january[1].get(cell, 0) <= january[0].get(cell, 0) + 3 + 20
        for cell in (("topic", "housing"), ("total", "visits"), ("total", "participants"))
    )
    assert can_shift(lonely, ("topic", "housing")) == moves


def test_the_linear_program_models_each_part_within_the_bound() -> None:
    from server.audit import Attacker, Target, observe

    honest = crossing_report("a" * 32, 1, 2)
    own = crossing_report("b" * 32, 1, 0)
    attacker = Attacker([observe([honest, own], 5)], own_devices=[own.device_id])
    assert ("n", honest.device_id, "Kallio", "2026-W05", ("topic", "housing"), "2026-01") in attacker.program.names
    bounds = attacker.bounds(Target("Kallio", "2026-W05", ("topic", "housing"), 3))
    assert bounds.is_feasible and not bounds.is_pinned
