"""Fast validation of ISO 639 codes (no names needed, so no CLDR loading)."""

from __future__ import annotations

from functools import cache

from app.errors import BadInput


@cache
def _known_codes() -> frozenset[str]:
    import pycountry

    return frozenset(getattr(entry, "alpha_2", None) or entry.alpha_3 for entry in pycountry.languages)


def is_language_code(code: str) -> bool:
    return code in _known_codes()


def check_language_codes(codes: list[str], field: str = "language") -> list[str]:
    """Lowercased, de-duplicated codes in the given order; BadInput naming the first unknown one."""
    result: list[str] = []
    for raw in codes:
        code = raw.strip().lower()
        if not code:
            continue
        if not is_language_code(code):
            raise BadInput(
                f"'{raw}' is not an ISO 639 language code "
                "(use ISO 639-1 where one exists, e.g. 'ar', else ISO 639-3, e.g. 'ckb').",
                field,
                reason="language.unknown",
                params={"code": raw},
            )
        if code not in result:
            result.append(code)
    return result
