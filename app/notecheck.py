"""Finds what could identify a visitor in a note, as people really type it.

Identity codes, phone numbers, e-mail addresses, birth dates and street addresses with a house number. The text
is normalised first (Unicode NFKC, every dash and minus sign as '-', zero-width characters dropped, digits of any
script as 0-9), and each pattern tolerates spaces, dashes and dots inside digit runs, so `1310 52 - 308 T`,
`040 123 4567a` and `name @ example . fi` are caught like their tidy forms. A mistyped identity code (wrong check
character) is still a code. Public service numbers pass: the national service ranges (020x, 029x and the other
non-personal number types) and every number of the local directory, which the caller passes in as
`service_numbers` (E.164 strings, `service_number_keys`). IBANs, RF and Finnish bank references and business IDs
with a valid check digit are set aside first, so that their digits are not read as phone numbers or codes.

The check runs on every pause in typing: no I/O, a handful of precompiled patterns and a few `phonenumbers`
parses per digit run (`make bench`, figure j).
"""

from __future__ import annotations

import functools
import re
import unicodedata
from collections.abc import Iterable, Set
from datetime import date

import phonenumbers
from phonenumbers import PhoneNumberType
from stdnum import iban, iso11649
from stdnum.fi import hetu, ytunnus

from app.errors import PersonalDataInNote

KINDS = ("identity-code", "phone", "email", "birth-date", "street-address")

# -- normalisation ------------------------------------------------------------------------------------------------
_ZERO_WIDTH = dict.fromkeys(map(ord, "\u200b\u200c\u200d\u2060\ufeff\u00ad\u180e\u200e\u200f\u202a\u202b\u202c"))
_DASHES = dict.fromkeys(map(ord, "\u2010\u2011\u2012\u2013\u2014\u2015\u2212\u2043\ufe58\ufe63\uff0d\u02d7"), "-")
_OTHER_DIGIT = re.compile(r"(?![0-9])\d")  # a decimal digit of another script: Arabic-Indic, Persian, fullwidth...
_SEP = r"[\s\-]*"  # what may be typed (or inserted) between the letters of a word


def normalise(text: str) -> str:
    """The text as the patterns read it: NFKC, lower case, one kind of dash, no zero-width characters, ASCII digits."""
    folded = unicodedata.normalize("NFKC", text).translate(_ZERO_WIDTH).translate(_DASHES).casefold()
    if not folded.isascii():
        folded = _OTHER_DIGIT.sub(_ascii_digit, folded)
    return folded


def _ascii_digit(match: re.Match[str]) -> str:
    return str(unicodedata.decimal(match.group(0)))


def _spaced(word: str) -> str:
    """A pattern for `word` that still matches when spaces or dashes were typed between its letters."""
    return _SEP.join(re.escape(char) for char in word)


def _any_word(words: Iterable[str]) -> str:
    return "(?:" + "|".join(_spaced(word) for word in sorted(words, key=len, reverse=True)) + ")"


# -- public numbers that look like personal ones: masked before anything else is matched -------------------------
_IBAN = re.compile(r"(?<![a-z0-9])[a-z]{2}\d\d(?:[ ]?[a-z0-9]{4}){2,7}(?:[ ]?[a-z0-9]{1,4})?(?![a-z0-9])")
_RF_REFERENCE = re.compile(r"(?<![a-z0-9])rf\d\d(?:[ ]?[a-z0-9]{1,4}){1,6}(?![a-z0-9])")
_BUSINESS_ID = re.compile(r"(?<![\d-])\d{7}-\d(?![\d-])")
_REFERENCE_KEYWORD = re.compile(
    r"(?:viitenumero|viitenro|viite|ref\.|referens(?:nummer|nr)?|reference(?: number)?|ссылка)[\s:.#-]*"
    r"(\d(?:[ ]?\d){3,19})(?!\d)"
)


def _finnish_reference_is_valid(digits: str) -> bool:
    body, check = digits[:-1], int(digits[-1])
    total = sum(int(digit) * (7, 3, 1)[index % 3] for index, digit in enumerate(reversed(body)))
    return (10 - total % 10) % 10 == check


def _mask_public_numbers(text: str) -> str:
    def blank(match: re.Match[str], group: int = 0) -> str:
        start, end = match.span(group)
        whole = match.group(0)
        offset = match.start(0)
        return whole[: start - offset] + "/" * (end - start) + whole[end - offset :]

    def iban_or_keep(match: re.Match[str]) -> str:
        return blank(match) if iban.is_valid(match.group(0)) else match.group(0)

    def rf_or_keep(match: re.Match[str]) -> str:
        return blank(match) if iso11649.is_valid(match.group(0)) else match.group(0)

    def business_or_keep(match: re.Match[str]) -> str:
        return blank(match) if ytunnus.is_valid(match.group(0)) else match.group(0)

    def reference_or_keep(match: re.Match[str]) -> str:
        digits = match.group(1).replace(" ", "")
        # One in ten digit strings has a right check digit: a phone number after "ref." stays a phone number.
        is_reference = _finnish_reference_is_valid(digits) and _phone_kind(digits, frozenset()) != "personal"
        return blank(match, 1) if is_reference else match.group(0)

    text = _IBAN.sub(iban_or_keep, text)
    text = _RF_REFERENCE.sub(rf_or_keep, text)
    text = _BUSINESS_ID.sub(business_or_keep, text)
    return _REFERENCE_KEYWORD.sub(reference_or_keep, text)


# -- identity codes -----------------------------------------------------------------------------------------------
_GAP = r"[\s.\-]{0,8}"  # between the digits of a code: spaces, dots (13.10.52), dashes
_HETU = re.compile(
    r"(?<!\d)(?=("
    + _GAP.join([r"(\d)"] * 6)
    + r"(?P<slot>[\s.\-]{0,8}(?P<sign>[+a-fu-y])?[\s\-]{0,8})"
    + _GAP.join([r"(\d)"] * 3)
    + r"(?:[\s\-]{0,8}(?P<check>[0-9a-y]))?(?![0-9])"
    + r"))"
)
_CYRILLIC_LOOKALIKES = str.maketrans("авекмнорстухь", "abekmhopctyxb")  # a code typed on a Russian layout
_CENTURIES = {"+": (1800,), "-": (1900, 2000), "": (1900, 2000)}
_CENTURIES.update(dict.fromkeys("uvwxy", (1900,)))
_CENTURIES.update(dict.fromkeys("abcdef", (2000,)))


def _has_identity_code(text: str) -> bool:
    text = text.translate(_CYRILLIC_LOOKALIKES)
    for match in _HETU.finditer(text):
        digits = "".join(match.group(index) for index in range(2, 8))
        number = "".join(match.group(index) for index in range(10, 13))
        sign = match.group("sign") or ""
        check = match.group("check")
        is_signed = bool(sign) or "-" in match.group("slot")
        if not is_signed and check is not None and text[match.end(1) : match.end(1) + 1].isalpha():
            continue  # 020 692 207 ja: the "check character" begins the next word
        day, month, year = int(digits[:2]), int(digits[2:4]), int(digits[4:])
        if not any(_is_date(century + year, month, day) for century in _CENTURIES[sign]):
            continue
        # With its century sign a code is a code even with a wrong check character or none (a mistyped code), unless
        # it is a phone number (040 123-4567); without the sign (131052 308T) its check character must be right.
        if is_signed and (check is None or not check.isdigit() or not _is_phone_shaped(digits + number + check)):
            return True
        if check is not None and any(hetu.is_valid(f"{digits}{c}{number}{check}".upper(), True) for c in sign or "-a"):
            return True
    return False


def _is_date(year: int, month: int, day: int) -> bool:
    try:
        date(year, month, day)
    except ValueError:
        return False
    return True


# -- phone numbers ------------------------------------------------------------------------------------------------
# A run of digit groups with what people type between them; dots only between groups of a number like 040.123.4567.
_DIGIT_RUN = re.compile(r"(?:\+[\s\-]*)?\(?\d+(?:(?:[\s\-()]{1,8}|\.)\d+)*")
_GROUP_SPLIT = re.compile(r"([^\d+]+)")
_SERVICE_TYPES = {
    PhoneNumberType.UAN,  # 010, 020x, 029x, 030, 07x: companies and the national public services
    PhoneNumberType.TOLL_FREE,
    PhoneNumberType.PREMIUM_RATE,
    PhoneNumberType.SHARED_COST,
    PhoneNumberType.VOICEMAIL,
}
_PERSONAL_TYPES_WITHOUT_TRUNK = {PhoneNumberType.MOBILE, PhoneNumberType.FIXED_LINE_OR_MOBILE}
_DIGIT_WORDS = {
    # fi (with the spoken forms), sv, en, ru
    "nolla": "0", "yksi": "1", "yks": "1", "ykkönen": "1", "kaksi": "2", "kaks": "2", "kakkonen": "2",
    "kolme": "3", "kolmonen": "3", "neljä": "4", "nelonen": "4", "viisi": "5", "viis": "5", "vitonen": "5",
    "kuusi": "6", "kuus": "6", "kutonen": "6", "seitsemän": "7", "seittemän": "7", "seiska": "7",
    "kahdeksan": "8", "kaheksan": "8", "kasi": "8", "yhdeksän": "9", "yheksän": "9", "ysi": "9",
    "noll": "0", "ett": "1", "en": "1", "två": "2", "tre": "3", "fyra": "4", "fem": "5", "sex": "6", "sju": "7",
    "åtta": "8", "nio": "9",
    "zero": "0", "oh": "0", "one": "1", "two": "2", "three": "3", "four": "4", "five": "5", "six": "6",
    "seven": "7", "eight": "8", "nine": "9",
    "ноль": "0", "нуль": "0", "один": "1", "два": "2", "три": "3", "четыре": "4", "пять": "5", "шесть": "6",
    "семь": "7", "восемь": "8", "девять": "9",
}  # fmt: skip
_SPELLED_RUN = re.compile(r"(?:" + "|".join(sorted(_DIGIT_WORDS, key=len, reverse=True)) + r"|\d){7,}")
_SQUEEZE = re.compile(r"[\s,.\-]+")
_DIGIT_WORD = re.compile("|".join(sorted(_DIGIT_WORDS, key=len, reverse=True)))


def service_number_key(number: str) -> str | None:
    """A phone number as `service_numbers` holds it (E.164), or None when it is not a phone number."""
    try:
        parsed = phonenumbers.parse(normalise(number), "FI")
    except phonenumbers.NumberParseException:
        return None
    return phonenumbers.format_number(parsed, phonenumbers.PhoneNumberFormat.E164)


def service_number_keys(numbers: Iterable[str]) -> frozenset[str]:
    """`service_numbers` for a list of numbers as they are written (e.g. the local directory's)."""
    return frozenset(key for key in map(service_number_key, numbers) if key is not None)


def _parse(digits: str) -> tuple[phonenumbers.PhoneNumber, bool] | None:
    """The number these digits dial (and whether they lacked the trunk 0), or None when they cannot be one."""
    try:
        if digits.startswith("+"):
            return phonenumbers.parse(digits, None), False
        if digits.startswith("00"):
            return phonenumbers.parse("+" + digits[2:], None), False
        if digits.startswith("0"):
            return phonenumbers.parse(digits, "FI"), False
        if digits[0] in "45" and len(digits) >= 8:  # a mobile number without its 0: 40 1234567
            return phonenumbers.parse("0" + digits, "FI"), True
    except phonenumbers.NumberParseException:
        return None
    return None


@functools.lru_cache(maxsize=4096)
def _dialled(digits: str) -> tuple[str, bool] | None:
    """(E.164, is a service number by its range) when the digits are a valid phone number, else None.

    Cached: the check runs again on every pause in typing, and the numbers in a note rarely change between pauses.
    """
    parsed = _parse(digits)
    if parsed is None or not phonenumbers.is_valid_number(parsed[0]):
        return None
    number, lacks_trunk = parsed
    kind = phonenumbers.number_type(number)
    if lacks_trunk and kind not in _PERSONAL_TYPES_WITHOUT_TRUNK:
        return None
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164), kind in _SERVICE_TYPES


def _phone_kind(digits: str, service_numbers: Set[str]) -> str | None:
    """'personal' or 'service' when the digits are a valid phone number, else None."""
    dialled = _dialled(digits)
    if dialled is None:
        return None
    e164, is_service_range = dialled
    return "service" if is_service_range or e164 in service_numbers else "personal"


def _is_phone_shaped(digits: str) -> bool:
    return _phone_kind(digits, frozenset()) is not None


def _run_has_personal_number(run: str, service_numbers: Set[str]) -> bool:
    """Whether some consecutive digit groups of the run dial a personal number.

    A group inside a service number (the 025 of 0295 025 500) starts a personal number only when that number goes
    on past the service number's end (Kela 020 692 207 040 123 4567).
    """
    parts = _GROUP_SPLIT.split(run)
    groups, separators = parts[0::2], parts[1::2]
    if _is_time_ranges(groups, separators):
        return False  # klo 09-11 13-15
    service_end = -1
    for start, group in enumerate(groups):
        if not group or group[0] not in "+0" and (start > 0 or group[0] not in "45"):
            continue
        # The longest valid number from here is the one dialled (0401234 would be one too, 0401234567 is).
        digits, longest = "", None
        for end in range(start, len(groups)):
            if end > start:
                separator = separators[end - 1]
                if "." in separator and (len(groups[start].lstrip("+")) < 3 or separator.strip() != "."):
                    break  # 02.06.2026 is a date, 040.123.4567 a number
                if "+" in groups[end]:
                    break
            digits += groups[end]
            length = len(digits.lstrip("+"))
            if length > 15:
                break
            kind = _phone_kind(digits, service_numbers) if length >= 6 else None
            if kind is not None:
                longest = (end, kind)
        if longest is None:
            continue
        end, kind = longest
        if kind == "personal" and end > service_end:
            return True
        if kind == "service":
            service_end = max(service_end, end)
    return False


def _is_time_ranges(groups: list[str], separators: list[str]) -> bool:
    """Whether the run is nothing but hour ranges (09-11 13-15)."""
    if len(groups) % 2 or not all(len(group) == 2 and group.isdigit() for group in groups):
        return False
    pairs = [(int(groups[index]), int(groups[index + 1]), separators[index]) for index in range(0, len(groups), 2)]
    return all("-" in between and first < second <= 24 for first, second, between in pairs)


def _has_phone_number(text: str, service_numbers: Set[str]) -> bool:
    if any(_run_has_personal_number(run.group(0), service_numbers) for run in _DIGIT_RUN.finditer(text)):
        return True
    # Digits spelled out ("nolla neljä nolla yksi kaksi ..."), read with every space, dash and comma taken out.
    for run in _SPELLED_RUN.finditer(_SQUEEZE.sub("", text)):
        digits, words = _DIGIT_WORD.subn(lambda word: _DIGIT_WORDS[word.group(0)], run.group(0))
        if words < 3 or not digits.isdigit():
            continue
        for start in (index for index, digit in enumerate(digits) if digit == "0"):
            for end in range(start + 6, min(len(digits), start + 15) + 1):
                if _phone_kind(digits[start:end], service_numbers) == "personal":
                    return True
    return False


# -- e-mail addresses ---------------------------------------------------------------------------------------------
_AT_WORDS = ("at", "ät", "snabel-a", "snabela", "kissanhäntä", "miukumauku", "собака")
_DOT_WORDS = ("dot", "piste", "punkt", "точка")


def _bracketed(words: Iterable[str]) -> str:
    return r"[(\[{<]" + _SEP + _any_word(words) + _SEP + r"[)\]}>]"


_MAIL_DOMAINS = (
    "fi",
    "se",
    "com",
    "net",
    "org",
    "eu",
    "ru",
    "so",
    "info",
    "nu",
    "io",
    "de",
    "uk",
    "no",
    "dk",
    "ee",
    "me",
    "ax",
    "biz",
    "edu",
    "gov",
    "рф",
    "iq",
    "sy",
    "af",
    "ir",
    "ua",
    "by",
    "kz",
    "tr",
    "et",
)
_SPACED_LETTERS = r"[^\W\d_](?:[\s\-]*[^\W\d_]){1,5}(?![^\W\d_])"  # a top-level domain, maybe letter-spaced
_GLUE = r"[\s\-]+"  # between the words of a spelled-out address
_EMAIL_PATTERNS = [
    # The @ sign (a fullwidth one is '@' after NFKC) between a name and anything that can follow it.
    re.compile(r"[^\W_][\w.%+'\-]*" + _SEP + r"@" + _SEP + r"[\w\[]"),
    # name(at)example.fi, name [at] example [dot] fi, name(a)example.fi, name[@]example.fi
    re.compile(r"[^\W_]" + _SEP + _bracketed(("at", "ät", "@", "a", "et")) + _SEP + r"[^\W_]"),
    # name at example dot fi (the words may be split by spaces or dashes)
    re.compile(
        r"[^\W_]" + _GLUE + _any_word(_AT_WORDS) + _GLUE + r"[^\W_][\w\s\-]{0,40}?" + _GLUE + _any_word(_DOT_WORDS)
        + _GLUE + _SPACED_LETTERS
    ),
    # name#example.fi (a slipped @); name@example,fi is caught by the @ sign
    re.compile(
        r"[^\W_][\w.\-]*" + _SEP + "#" + _SEP + r"[^\W\d_][\w\s\-]{0,40}?" + _SEP + r"[.,]" + _SEP + _SPACED_LETTERS
    ),
]  # fmt: skip


# aino.virtanen at example.fi: "at" and a mail domain after a name with a dot or an underscore ("apply at migri.fi"
# passes). The name is read with spaces and dashes taken out (joh n_smith); "e.g. at kela.fi" is no address.
_AT_MAIL_DOMAIN = re.compile(
    _GLUE + _any_word(_AT_WORDS) + _GLUE + r"[^\W_][\w\s\-]{0,40}?" + _SEP + r"\." + _SEP + _any_word(_MAIL_DOMAINS)
    + r"(?![^\W\d_])"
)  # fmt: skip
_DOTTED_NAME_AT_END = re.compile(r"[^\W\d_][\w]*[._][^\W\d_][\w.]*$")
_ABBREVIATIONS = {"e.g.", "i.e.", "etc.", "esim.", "ks.", "mm.", "st.", "jne.", "yms.", "ym.", "ca.", "vs.", "t.ex."}


def _has_email_address(text: str) -> bool:
    if any(pattern.search(text) for pattern in _EMAIL_PATTERNS):
        return True
    for match in _AT_MAIL_DOMAIN.finditer(text):
        before = text[max(0, match.start() - 60) : match.start()].split()
        if not before or before[-1] in _ABBREVIATIONS:
            continue
        if _DOTTED_NAME_AT_END.search(re.sub(r"[\s\-]+", "", " ".join(before[-4:]))):
            return True
    return False


# -- birth dates and street addresses -----------------------------------------------------------------------------
_BIRTH_WORDS = (
    "s.", "syntynyt", "synt.", "syntymäaika", "syntymäpäivä", "syntymäpv", "syntyi",
    "född", "f.", "födelsedatum", "föddes", "född den",
    "born", "b.", "dob", "d.o.b.", "date of birth", "birth date", "birthdate", "birthday",
    "родился", "родилась", "рожд.", "дата рождения", "д.р.", "д. р.", "г.р.",
    "مواليد", "تاريخ الميلاد", "ولد", "ولدت", "تولد",
    "dhashay", "dhalashada", "taariikhda dhalashada", "dhalasho",
)  # fmt: skip
_D = r"\d(?:" + _SEP + r"\d)?"
_DATE_SEP = r"[\s./\-]{1,7}"
_DATE = (
    r"(?:" + _D + _DATE_SEP + _D + _DATE_SEP + r"\d(?:" + _SEP + r"\d){1,3}"  # 1.1.1990, 01/01/90
    r"|\d(?:" + _SEP + r"\d){3}" + _DATE_SEP + _D + _DATE_SEP + _D + r")"  # 1990-01-01
)
_BIRTH_DATE = re.compile(
    r"(?<![^\W\d_])" + _any_word(_BIRTH_WORDS) + r"[\s:,\-]{0,7}(?:(?:den|on|the|le)[\s\-]+)?" + _DATE
    + r"|" + _DATE + r"[\s\-]*" + _any_word(("г.р.", "г. р.", "syntynyt", "born")) + r"(?![^\W\d_])"
)  # fmt: skip
_STREET_SUFFIXES = (
    # not -polku or -väylä: Opintopolku 2 hakua, Kotoutumisväylä 3 vaihetta
    "tie", "katu", "kuja", "kaari", "raitti", "rinne", "tanhua", "bulevardi",
    "gatan", "vägen", "gränd", "stigen", "backen", "allén", "gata", "väg",
    "street", "road", "avenue", "lane",
)  # fmt: skip
_HOUSE = (
    r"\d(?:" + _SEP + r"\d){0,2}(?!\d|[\s\-]*[.,:][\s\-]*\d)"
    r"(?![\s\-]*(?:km|min|m\b|h\b|kpl|e\b|€|%|eur|vuo|år|years|v\b|pv))"
)
_STREET_ADDRESS = re.compile(
    r"(?<![^\W\d_])[^\W\d_]+[\s\-]*" + _any_word(_STREET_SUFFIXES) + r"(?![^\W\d_])[\s\-]*" + _HOUSE
    + r"|(?<!\d)\d(?:" + _SEP + r"\d){0,3}[a-h]?[\s\-]+(?:[^\W\d_]+[\s\-]+){1,6}"
    + _any_word(("street", "road", "avenue", "lane")) + r"(?![^\W\d_])"
    + r"|(?<![^\W\d_])" + _any_word(("ул.", "улица", "проспект", "пр.")) + r"[\s\-]*(?:[^\W\d_]+[\s\-]*){1,6}"
    + _HOUSE
)  # fmt: skip


def _has_birth_date(text: str) -> bool:
    return _BIRTH_DATE.search(text) is not None


def _has_street_address(text: str) -> bool:
    return _STREET_ADDRESS.search(text) is not None


# -- the check ----------------------------------------------------------------------------------------------------
def personal_data_kinds(text: str, service_numbers: Set[str] = frozenset()) -> list[str]:
    """The kinds of personal data found in `text`, in the order of KINDS.

    `service_numbers`: phone numbers (E.164, see `service_number_keys`) that are public services, e.g. every number
    of the local directory; the national service ranges are recognised without it.
    """
    view = _mask_public_numbers(normalise(text))
    found = {
        "identity-code": _has_identity_code(view),
        "phone": _has_phone_number(view, service_numbers),
        "email": _has_email_address(view),
        "birth-date": _has_birth_date(view),
        "street-address": _has_street_address(view),
    }
    return [kind for kind in KINDS if found[kind]]


def check_note(text: str | None, service_numbers: Set[str] = frozenset()) -> str | None:
    """The note, stripped, or None when empty; raises PersonalDataInNote and changes nothing otherwise."""
    if text is None:
        return None
    stripped = text.strip()
    if not stripped:
        return None
    kinds = personal_data_kinds(stripped, service_numbers)
    if kinds:
        raise PersonalDataInNote(kinds)
    return stripped
