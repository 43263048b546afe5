"""The key hierarchy: a random data key, stored only wrapped by the passphrase and the recovery key.

The key file holds no secret in the clear. Unwrapping runs the slow KDF once; the database is then
opened with the raw data key, so opening a connection costs no KDF.
"""

from __future__ import annotations

import base64
import binascii
import contextlib
import hashlib
import json
import os
import secrets
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.hkdf import HKDF
from cryptography.hazmat.primitives.kdf.scrypt import Scrypt

from app.errors import FileInUse, StoreDamaged, TooManyAttempts, WrongPassphrase, WrongRecoveryKey
from app.files import write_atomically

KEY_FILE_FORMAT = "neuvo-keys"
DATA_KEY_BYTES = 32
RECOVERY_KEY_BYTES = 20  # 160 bits: 32 base32 characters in eight groups of four
# scrypt with 64 MiB of memory: about 0.15 s here, far more for anyone guessing on a GPU.
SCRYPT_N, SCRYPT_R, SCRYPT_P = 2**16, 8, 1
# After this many wrong passphrases in a row, each further attempt waits, doubling up to the cap.
FREE_ATTEMPTS = 3
MAX_WAIT_SECONDS = 60.0
# What a key file may ask of the KDF: a damaged or hostile file must not make one unlock take gigabytes.
SCRYPT_N_RANGE = (2**14, 2**20)
SCRYPT_R_RANGE = (1, 16)
SCRYPT_P_RANGE = (1, 4)
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


def _damaged(path: Path, what: str) -> StoreDamaged:
    return StoreDamaged(
        f"The key file {path} is damaged ({what}). Put back the copy from your backup, or open the store with the "
        "recovery key; nothing was changed.",
        reason="store.key_damaged",
        params={"problem": what},
    )


def _checksum(document: dict[str, Any]) -> str:
    """A SHA-256 over the key file's content: a flipped byte reads as damage, not as a wrong passphrase."""
    content = {key: value for key, value in document.items() if key != "checksum"}
    return hashlib.sha256(json.dumps(content, sort_keys=True, separators=(",", ":")).encode()).hexdigest()


def _check_entry(path: Path, entry: object, kind: str) -> dict[str, Any]:
    if not isinstance(entry, dict):
        raise _damaged(path, f"the {kind} entry is missing")
    try:
        for name in ("salt", "nonce", "wrapped"):
            _unb64(entry[name])
    except (KeyError, TypeError, ValueError, binascii.Error):
        raise _damaged(path, f"the {kind} entry is unreadable") from None
    if kind == "passphrase":
        for name, (low, high) in (("n", SCRYPT_N_RANGE), ("r", SCRYPT_R_RANGE), ("p", SCRYPT_P_RANGE)):
            value = entry.get(name)
            if isinstance(value, bool) or not isinstance(value, int) or not low <= value <= high:
                raise _damaged(path, f"the passphrase parameter {name} is out of range")
        if entry["n"] & (entry["n"] - 1):
            raise _damaged(path, "the passphrase parameter n is not a power of two")
    return entry


@dataclass
class KeyFile:
    """The wrapped copies of the data key, as stored beside the database, with the count of wrong passphrases."""

    path: Path
    store_id: str
    passphrase_entry: dict[str, Any]
    recovery_entry: dict[str, Any]
    failures: dict[str, float] = field(default_factory=dict)

    @classmethod
    def load(cls, path: Path) -> KeyFile:
        try:
            text = path.read_text(encoding="utf-8")
        except FileNotFoundError:
            raise _damaged(path, "it is missing") from None
        except OSError as error:
            raise _damaged(path, error.strerror or "it cannot be read") from None
        try:
            raw = json.loads(text)
        except ValueError:
            raise _damaged(path, "it is not readable text") from None
        if not isinstance(raw, dict) or raw.get("format") != KEY_FILE_FORMAT:
            raise _damaged(path, "it is not a Neuvo key file")
        checksum = raw.get("checksum")
        if checksum is not None and checksum != _checksum(raw):
            raise _damaged(path, "its checksum does not match")
        store_id = raw.get("store_id")
        if not isinstance(store_id, str):
            raise _damaged(path, "the store id is missing")
        failures = raw.get("failures", {})
        if not isinstance(failures, dict):
            raise _damaged(path, "the attempt count is unreadable")
        return cls(
            path,
            store_id,
            _check_entry(path, raw.get("passphrase"), "passphrase"),
            _check_entry(path, raw.get("recovery"), "recovery"),
            {key: float(value) for key, value in failures.items() if isinstance(value, int | float)},
        )

    def save(self) -> None:
        document: dict[str, Any] = {
            "format": KEY_FILE_FORMAT,
            "version": 1,
            "store_id": self.store_id,
            "passphrase": self.passphrase_entry,
            "recovery": self.recovery_entry,
            "failures": self.failures,
        }
        document["checksum"] = _checksum(document)
        write_atomically(self.path, json.dumps(document, indent=2))

    def reset_failures(self) -> None:
        self.failures = {}

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
    """Counts passphrase attempts that did not succeed, in a row, in two places: a counter file and the key file.

    The larger count wins, so deleting (or replacing with a folder) the counter file resets nothing. The caller
    holds the store's unlock lock, so parallel attempts are counted one after another.
    """

    def __init__(self, path: Path, key_file: KeyFile) -> None:
        self.path = path
        self.key_file = key_file

    def _read_file(self) -> tuple[int, float]:
        try:
            raw = json.loads(self.path.read_text(encoding="utf-8"))
            return int(raw["failures"]), float(raw["last"])
        except (OSError, ValueError, KeyError, TypeError):
            return 0, 0.0

    def _read(self) -> tuple[int, float]:
        in_file = self._read_file()
        in_key = int(self.key_file.failures.get("count", 0)), float(self.key_file.failures.get("last", 0.0))
        return max(in_file, in_key)

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

    def record_attempt(self) -> None:
        """Count this attempt as failed before it is checked (a success resets it). OSError if it cannot be kept:
        an attempt that cannot be counted is not checked."""
        failures, _ = self._read()
        now = time.time()
        self.key_file.failures = {"count": failures + 1, "last": now}
        self.key_file.save()
        with contextlib.suppress(OSError, FileInUse):  # the key file holds the count; this copy is for older versions
            write_atomically(self.path, json.dumps({"failures": failures + 1, "last": now}))

    def reset(self) -> None:
        if self.key_file.failures:
            self.key_file.reset_failures()
            self.key_file.save()
        with contextlib.suppress(OSError):  # missing, or a folder someone put in its place: the key file counts
            self.path.unlink()
