"""The minimum strength of a desk passphrase (zxcvbn's estimate of how hard it is to guess)."""

from __future__ import annotations

from app.errors import WeakPassphrase

MINIMUM_LENGTH = 10
MINIMUM_SCORE = 3  # zxcvbn 0..4; 3 = "safely unguessable: moderate protection from offline attacks"


def strength(passphrase: str) -> int:
    """0 (trivial) to 4 (very strong); 0 for anything shorter than the minimum length."""
    if len(passphrase) < MINIMUM_LENGTH:
        return 0
    from zxcvbn import zxcvbn

    return int(zxcvbn(passphrase[:100])["score"])


def is_strong_enough(passphrase: str) -> bool:
    return strength(passphrase) >= MINIMUM_SCORE


def check_new_passphrase(passphrase: str) -> None:
    if len(passphrase) < MINIMUM_LENGTH:
        raise WeakPassphrase(f"The passphrase must have at least {MINIMUM_LENGTH} characters.")
    if not is_strong_enough(passphrase):
        raise WeakPassphrase(
            "The passphrase is too easy to guess. Use several unrelated words, e.g. 'lamp-river-7-orange'."
        )
