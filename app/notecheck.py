"""Finds what could identify a visitor in a note: identity codes, phone numbers, e-mail addresses."""

from __future__ import annotations

import re

import phonenumbers
from stdnum.fi import hetu

from app.errors import PersonalDataInNote

# Day, month, year, century sign (incl. the 2023 additions), individual number, check character.
# Case-insensitive: a code typed in lower case ("150306a123l") identifies a person just as well.
_HETU_CANDIDATE = re.compile(r"(?<![0-9A-Za-z])\d{6}[-+ABCDEFUVWXY]\d{3}[0-9A-Za-z](?![0-9A-Za-z])", re.IGNORECASE)
_EMAIL = re.compile(r"[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}")


def personal_data_kinds(text: str) -> list[str]:
    """The kinds of personal data found in `text`, in a stable order ('identity-code', 'phone', 'email')."""
    kinds = []
    # Temporary codes (individual number 900-999) identify a person too.
    if any(hetu.is_valid(match.group(0).upper(), allow_temporary=True) for match in _HETU_CANDIDATE.finditer(text)):
        kinds.append("identity-code")
    if _has_phone_number(text):
        kinds.append("phone")
    if _EMAIL.search(text):
        kinds.append("email")
    return kinds


def _has_phone_number(text: str) -> bool:
    # A Finnish number written nationally (040 123 4567) or any number in international form.
    matcher = phonenumbers.PhoneNumberMatcher(text, "FI", leniency=phonenumbers.Leniency.VALID)
    for match in matcher:
        if _HETU_CANDIDATE.fullmatch(match.raw_string.strip()):
            continue
        return True
    return False


def check_note(text: str | None) -> str | None:
    """The note, stripped, or None when empty; raises PersonalDataInNote and changes nothing otherwise."""
    if text is None:
        return None
    stripped = text.strip()
    if not stripped:
        return None
    kinds = personal_data_kinds(stripped)
    if kinds:
        raise PersonalDataInNote(kinds)
    return stripped
