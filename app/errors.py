"""Typed errors in the user's terms: the GUI words them from their reason (app/ui/errors.py), the CLI prints one
line (app/cli.py). Neither text ever carries a visit's values or a note."""

from __future__ import annotations

from collections.abc import Mapping


class NeuvoError(Exception):
    """An expected failure: a reason code and its parameters, with an English sentence for logs and the CLI.

    The window translates by `reason` (with `params` filled in) in one place; the English text is the fallback.
    """

    exit_code = 2
    # What kind of failure this is, for a window to word it in the person's language (the sync's errors set it).
    kind = "other"
    reason = "error"
    # The command-line option or form field the problem is about, if any ("at", "participants", ...).
    field: str | None = None

    def __init__(
        self, message: str = "", *, reason: str | None = None, params: Mapping[str, object] | None = None
    ) -> None:
        super().__init__(message)
        if reason is not None:
            self.reason = reason
        self.params: dict[str, object] = dict(params or {})


class BadInput(NeuvoError):
    """Input that cannot be accepted as given; nothing was changed."""

    reason = "input.invalid"

    def __init__(
        self,
        message: str,
        field: str | None = None,
        *,
        reason: str | None = None,
        params: Mapping[str, object] | None = None,
    ) -> None:
        super().__init__(message, reason=reason, params=params)
        self.field = field


class NotFound(BadInput):
    """A visit, site or session id that does not exist."""


class WrongPassphrase(NeuvoError):
    """The passphrase does not open the store."""

    reason = "unlock.wrong_passphrase"

    def __init__(self, message: str = "Wrong passphrase.", wait_seconds: float = 0.0) -> None:
        super().__init__(message)
        self.wait_seconds = wait_seconds


class TooManyAttempts(WrongPassphrase):
    """Repeated wrong passphrases: the next attempt is accepted only after a pause."""

    reason = "unlock.too_many_attempts"

    def __init__(self, wait_seconds: float) -> None:
        super().__init__(
            f"Too many wrong attempts. Try again in {int(wait_seconds + 0.999)} seconds.",
            wait_seconds,
        )


class WrongRecoveryKey(NeuvoError):
    """The recovery key does not open the store."""

    reason = "unlock.wrong_recovery_key"

    def __init__(self) -> None:
        super().__init__("That recovery key does not open this store.")


class WeakPassphrase(BadInput):
    """A new passphrase below the minimum strength."""

    reason = "passphrase.weak"

    def __init__(self, message: str = "The passphrase is too easy to guess.") -> None:
        super().__init__(message, field="passphrase")


class StoreMissing(NeuvoError):
    reason = "store.missing"

    def __init__(self, data_dir: str) -> None:
        super().__init__(f"No Neuvo store in {data_dir}. Create one with 'neuvo init'.", params={"folder": data_dir})
        self.data_dir = data_dir


class StoreKeyMissing(NeuvoError):
    """A database without its key file: never replaced by a new store, since the key may still be restored."""

    reason = "store.key_missing"

    def __init__(self, data_dir: str, is_init: bool = False) -> None:
        advice = (
            "Put neuvo.key back from your backup copy, or open the store with its recovery key once the key file "
            "is back."
        )
        if is_init:
            advice += " To start a new, empty store instead, first move neuvo.db out of this folder yourself."
        super().__init__(
            f"The folder {data_dir} holds a Neuvo database (neuvo.db) but not its key file (neuvo.key). {advice} "
            "Nothing was changed.",
            params={"folder": data_dir},
        )
        self.data_dir = data_dir


class StoreExists(NeuvoError):
    reason = "store.exists"

    def __init__(self, data_dir: str) -> None:
        super().__init__(f"A Neuvo store already exists in {data_dir}.")
        self.data_dir = data_dir


class StoreLocked(NeuvoError):
    reason = "store.locked"

    def __init__(self) -> None:
        super().__init__("The store is locked.")


class StoreTooNew(NeuvoError):
    """The database was written by a newer version of Neuvo."""

    reason = "store.too_new"

    def __init__(self, revision: str) -> None:
        super().__init__(
            "This data was written by a newer version of Neuvo "
            f"(schema {revision}). Update Neuvo to open it; nothing was changed."
        )
        self.revision = revision


class StoreDamaged(NeuvoError):
    """The database or key file cannot be read."""

    reason = "store.damaged"


class StoreBusy(NeuvoError):
    """Another Neuvo window or command holds the database (or the unlock) right now; trying again helps."""

    reason = "store.busy"

    def __init__(self) -> None:
        super().__init__("The store is in use by another Neuvo window or command. Try again in a moment.")


class StoreFault(NeuvoError):
    """A database failure of no known kind: a bug report that names the SQLite error, never the values."""

    exit_code = 1
    reason = "store.fault"

    def __init__(self, error_name: str) -> None:
        super().__init__(
            f"The database refused the change ({error_name}); nothing was saved.", params={"error": error_name}
        )
        self.error_name = error_name


class DiskFull(NeuvoError):
    reason = "store.disk_full"

    def __init__(self) -> None:
        super().__init__("The disk is full. Free some space; nothing was saved.")


class FileInUse(NeuvoError):
    """A file could not be replaced because another program holds it open (Windows refuses to replace a file open
    in Excel or a PDF viewer); the old file is as it was and no temporary file is left."""

    reason = "file.in_use"

    def __init__(self, path: str) -> None:
        super().__init__(
            f"Cannot replace {path}: it is open in another program (such as Excel or a PDF viewer) or read-only. "
            "Close the file in the other program and try again; nothing was written.",
            params={"path": path},
        )
        self.path = path


class PersonalDataInNote(BadInput):
    """The note holds something that could identify a visitor."""

    reason = "note.personal_data"

    def __init__(self, kinds: list[str]) -> None:
        names = {
            "identity-code": "a Finnish personal identity code",
            "phone": "a phone number",
            "email": "an e-mail address",
            "birth-date": "a birth date",
            "street-address": "a street address",
        }
        listed = ", ".join(names[kind] for kind in kinds)
        super().__init__(
            f"The note looks like it contains {listed}. Notes must not identify a visitor: remove it and save again.",
            field="note",
        )
        self.kinds = kinds


class ImportProblem(BadInput):
    """A directory file that cannot be imported: names the file, the record and the field; nothing changed."""

    def __init__(self, file: str, problem: str, record: str | None = None, field: str | None = None) -> None:
        where = file
        if record:
            where += f", {record}"
        if field:
            where += f", field {field}"
        super().__init__(f"{where}: {problem} Nothing was imported; the directory is as it was.", field)
        self.file, self.record, self.problem, self.where = file, record, problem, where


class ServerUnreachable(NeuvoError):
    """The sync server could not be reached or could not answer now; nothing is lost, the weeks wait."""

    exit_code = 3

    def __init__(
        self,
        message: str = "The sync server could not be reached; the weeks wait and are sent later.",
        retry_after: float | None = None,
        is_certificate_problem: bool = False,
        is_proxy_problem: bool = False,
    ) -> None:
        super().__init__(message)
        self.retry_after = retry_after
        self.kind = "certificate" if is_certificate_problem else "proxy" if is_proxy_problem else "unreachable"


class NotEnrolled(NeuvoError):
    """Sync was asked for before this laptop was enrolled with a server."""

    kind = "not_enrolled"

    def __init__(self) -> None:
        super().__init__(
            "This laptop is not enrolled with a statistics server; enroll it with a code from the coordinator first."
        )


class EnrollmentRefused(NeuvoError):
    """The server did not accept the enrollment code."""

    kind = "enrollment_refused"

    def __init__(self) -> None:
        super().__init__("The code is wrong, expired or already used by another device.")


class DeviceRevoked(NeuvoError):
    """The server no longer accepts this laptop's credential (a coordinator revoked it)."""

    kind = "revoked"

    def __init__(self) -> None:
        super().__init__(
            "The server no longer accepts this laptop; a coordinator revoked it. Enroll it again with a new code."
        )


class DeviceUnknown(NeuvoError):
    """The server does not know this laptop's credential (its data was reset, or it is another server)."""

    kind = "not_enrolled"

    def __init__(self) -> None:
        super().__init__(
            "The server does not know this laptop (its data may have been reset). Enroll it again with a new code; "
            "every week is then sent again."
        )


class SyncRefused(NeuvoError):
    """The server refused a request for a reason that retrying will not fix; the message is the server's."""

    kind = "refused"

    def __init__(self, message: str, status_code: int | None = None) -> None:
        super().__init__(message)
        self.status_code = status_code


class SyncUnfinished(NeuvoError):
    """A sync pass ran out of time or left weeks unacknowledged; they wait for the next pass."""

    exit_code = 3
    kind = "incomplete"
