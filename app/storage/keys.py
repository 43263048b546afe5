"""The key hierarchy: a random data key, stored only wrapped by the passphrase and the recovery key.

The key file holds no secret in the clear. Unwrapping runs the slow KDF once; the database is then
opened with the raw data key, so opening a connection costs no KDF.
"""

from __future__ import annotations

import base64
import json
import os
import secrets
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.hkdf import HKDF
from cryptography.hazmat.primitives.kdf.scrypt import Scrypt

from app.errors import StoreDamaged, TooManyAttempts, WrongPassphrase, WrongRecoveryKey
from app.files import write_atomically

KEY_FILE_FORMAT = "neuvo-keys"
DATA_KEY_BYTES = 32
RECOVERY_KEY_BYTES = 20  # 160 bits: 32 base32 characters in eight groups of four
# scrypt with 64 MiB of memory: about 0.15 s here, far more for anyone guessing on a GPU.
SCRYPT_N, SCRYPT_R, SCRYPT_P = 2**16, 8, 1
# After this many wrong passphrases in a row, each further attempt waits, doubling up to the cap.
FREE_ATTEMPTS = 3
MAX_WAIT_SECONDS = 60.0
_TYPO_FIXES = str.maketrans({"0": "O", "1": "I", "8": "B"})


def _b64(data: bytes) -> str:
    return base64.b64encode(data).decode("ascii")


def _unb64(text: str) -> bytes:
    return base64.b64decode(text.encode("ascii"), validate=True)


def format_recovery_key(raw: bytes) -> str:
    text = base64.b32encode(raw).decode("ascii").rstrip("=")
    return "-".join(text[index : index + 4] for index in range(0, len(text), 4))


def parse_recovery_key(text: str) -> bytes:
    """Accepts the key as printed, in any case, with or without dashes and spaces."""
    cleaned = "".join(char for char in text.upper() if char.isalnum()).translate(_TYPO_FIXES)
    try:
        raw = base64.b32decode(cleaned + "=" * (-len(cleaned) % 8))
    except ValueError:
        raise WrongRecoveryKey() from None
    if len(raw) != RECOVERY_KEY_BYTES:
        raise WrongRecoveryKey()
    return raw


def _scrypt(passphrase: str, salt: bytes, n: int, r: int, p: int) -> bytes:
    kdf = Scrypt(salt=salt, length=32, n=n, r=r, p=p)
    return kdf.derive(passphrase.encode("utf-8"))


def _hkdf(recovery_key: bytes, salt: bytes) -> bytes:
    kdf = HKDF(algorithm=hashes.SHA256(), length=32, salt=salt, info=b"neuvo recovery wrap v1")
    return kdf.derive(recovery_key)


def _wrap(wrapping_key: bytes, data_key: bytes, context: bytes) -> dict[str, str]:
    nonce = os.urandom(12)
    sealed = AESGCM(wrapping_key).encrypt(nonce, data_key, context)
    return {"nonce": _b64(nonce), "wrapped": _b64(sealed)}


def _unwrap(wrapping_key: bytes, entry: dict[str, Any], context: bytes) -> bytes:
    return AESGCM(wrapping_key).decrypt(_unb64(entry["nonce"]), _unb64(entry["wrapped"]), context)


@dataclass
class KeyFile:
    """The wrapped copies of the data key, as stored beside the database."""

    path: Path
    store_id: str
    passphrase_entry: dict[str, Any]
    recovery_entry: dict[str, Any]

    @classmethod
    def load(cls, path: Path) -> KeyFile:
        try:
            raw = json.loads(path.read_text(encoding="utf-8"))
            if raw.get("format") != KEY_FILE_FORMAT:
                raise ValueError("not a Neuvo key file")
            return cls(path, raw["store_id"], raw["passphrase"], raw["recovery"])
        except (OSError, ValueError, KeyError, TypeError) as error:
            raise StoreDamaged(f"The key file {path} cannot be read ({error}).") from None

    def save(self) -> None:
        document = {
            "format": KEY_FILE_FORMAT,
            "version": 1,
            "store_id": self.store_id,
            "passphrase": self.passphrase_entry,
            "recovery": self.recovery_entry,
        }
        write_atomically(self.path, json.dumps(document, indent=2))

    def _context(self, kind: str) -> bytes:
        return f"neuvo data key v1|{self.store_id}|{kind}".encode()

    def unwrap_with_passphrase(self, passphrase: str) -> bytes:
        entry = self.passphrase_entry
        derived = _scrypt(passphrase, _unb64(entry["salt"]), entry["n"], entry["r"], entry["p"])
        try:
            return _unwrap(derived, entry, self._context("passphrase"))
        except InvalidTag:
            raise WrongPassphrase() from None

    def unwrap_with_recovery_key(self, recovery_key: str) -> bytes:
        entry = self.recovery_entry
        derived = _hkdf(parse_recovery_key(recovery_key), _unb64(entry["salt"]))
        try:
            return _unwrap(derived, entry, self._context("recovery"))
        except InvalidTag:
            raise WrongRecoveryKey() from None

    def set_passphrase(self, data_key: bytes, passphrase: str) -> None:
        """Rewrap the data key under a new passphrase (the database itself is not touched)."""
        salt = os.urandom(16)
        derived = _scrypt(passphrase, salt, SCRYPT_N, SCRYPT_R, SCRYPT_P)
        entry: dict[str, Any] = {"kdf": "scrypt", "salt": _b64(salt), "n": SCRYPT_N, "r": SCRYPT_R, "p": SCRYPT_P}
        entry.update(_wrap(derived, data_key, self._context("passphrase")))
        self.passphrase_entry = entry

    def set_recovery_key(self, data_key: bytes) -> str:
        """Wrap the data key under a fresh recovery key and return that key, formatted for people."""
        raw = secrets.token_bytes(RECOVERY_KEY_BYTES)
        salt = os.urandom(16)
        entry: dict[str, Any] = {"kdf": "hkdf-sha256", "salt": _b64(salt)}
        entry.update(_wrap(_hkdf(raw, salt), data_key, self._context("recovery")))
        self.recovery_entry = entry
        return format_recovery_key(raw)


def new_key_file(path: Path, passphrase: str) -> tuple[KeyFile, bytes, str]:
    """A key file for a new store: (key file, data key, recovery key). Not yet saved."""
    data_key = secrets.token_bytes(DATA_KEY_BYTES)
    key_file = KeyFile(path, secrets.token_hex(16), {}, {})
    key_file.set_passphrase(data_key, passphrase)
    recovery_key = key_file.set_recovery_key(data_key)
    return key_file, data_key, recovery_key


class AttemptThrottle:
    """Counts wrong passphrases in a row (kept on disk, so a restart does not reset it)."""

    def __init__(self, path: Path) -> None:
        self.path = path

    def _read(self) -> tuple[int, float]:
        try:
            raw = json.loads(self.path.read_text(encoding="utf-8"))
            return int(raw["failures"]), float(raw["last"])
        except (OSError, ValueError, KeyError, TypeError):
            return 0, 0.0

    @staticmethod
    def delay_after(failures: int) -> float:
        if failures < FREE_ATTEMPTS:
            return 0.0
        return min(2.0 ** (failures - FREE_ATTEMPTS + 1), MAX_WAIT_SECONDS)

    def seconds_to_wait(self) -> float:
        failures, last = self._read()
        elapsed = time.time() - last
        if elapsed < 0:
            return 0.0  # the clock was set back (e.g. a BIOS reset): do not lock the desk until it catches up
        return max(0.0, self.delay_after(failures) - elapsed)

    def check(self) -> None:
        wait = self.seconds_to_wait()
        if wait > 0:
            raise TooManyAttempts(wait)

    def record_failure(self) -> float:
        """Counts one more failure and returns how long the next attempt must wait."""
        failures, _ = self._read()
        failures += 1
        write_atomically(self.path, json.dumps({"failures": failures, "last": time.time()}))
        return self.delay_after(failures)

    def reset(self) -> None:
        if self.path.exists():
            self.path.unlink()
