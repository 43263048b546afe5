"""The yes/no an advisor filters by, read from what a source says in words when it has no field for it.

"Free" and "no appointment needed" are filters on the directory screen; HSDS 3.0 carries cost as text
(`fees_description`) and amounts (`cost_options`), PTV as a charge type, Open Referral UK the way to attend
(`attending_access`: appointment, referral or drop-in). Where only words exist, these phrases in Finnish,
Swedish and English decide; anything else stays unknown (None), never a guess.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from app.text import fold

_FREE = re.compile(
    r"\b(free( of charge)?|no (charge|cost|fee)s?|ilmai(nen|set|sta|seksi)|maksu(ton|ttomia|ttomat|tta)|"
    r"gratis|avgiftsfri(tt|a)?|kostnadsfri(tt|a)?)\b"
)
_NOT_FREE = re.compile(r"\b(not free|ei ilmai\w*|maksullinen|avgiftsbelagd\w*|chargeable|charged)\b")
_NO_APPOINTMENT = re.compile(
    r"\b(drop[- ]in|walk[- ]in|no appointment|without (an )?appointment|ilman ajanvaraus\w*|"
    r"ajanvarausta ei tarvita|utan tidsbokning|ingen tidsbokning|tidsbokning behovs inte)\b"
)
_APPOINTMENT = re.compile(
    r"\b(by appointment|appointment (is )?(needed|required)|book an appointment|ajanvarau\w*|"
    r"varaa aika\w*|tidsbokning|boka (en )?tid)\b"
)


def is_free(texts: Iterable[str]) -> bool | None:
    """True when the cost text says free, False when it says charged, else None."""
    folded = [fold(text) for text in texts if text]
    if any(_NOT_FREE.search(text) for text in folded):
        return False
    if any(_FREE.search(text) for text in folded):
        return True
    return None


def appointment_needed(texts: Iterable[str]) -> bool | None:
    """False when the text says drop-in or no appointment, True when it says by appointment, else None."""
    folded = [fold(text) for text in texts if text]
    if any(_NO_APPOINTMENT.search(text) for text in folded):
        return False
    if any(_APPOINTMENT.search(text) for text in folded):
        return True
    return None
