"""Shows known errors as translated messages and unexpected ones as a crash report (one helper each)."""

from __future__ import annotations

import logging

from app.crash_report import crash_text
from app.errors import (
    NeuvoError,
    PersonalDataInNote,
    TooManyAttempts,
    WeakPassphrase,
    WrongPassphrase,
    WrongRecoveryKey,
)
from app.ui.qt import QApplication, QCoreApplication, QMessageBox, QWidget

log = logging.getLogger("neuvo")


def _reason_texts() -> dict[str, str]:
    """Every reason a window can meet, worded for a person; %(name)s stands for the error's parameter `name`."""
    return {
        "visit.unknown_code": QCoreApplication.translate(
            "Errors", "This choice is not in the code lists in use (%(code)s). Choose another."
        ),
        "visit.participants_not_number": QCoreApplication.translate(
            "Errors", "The number of participants must be a whole number."
        ),
        "visit.group_size": QCoreApplication.translate("Errors", "A group session has 1 to %(maximum)s participants."),
        "visit.participants_without_group": QCoreApplication.translate(
            "Errors", "Only a group info session has several participants."
        ),
        "visit.in_future": QCoreApplication.translate("Errors", "A visit cannot be in the future. Check the time."),
        "week.closed": QCoreApplication.translate(
            "Errors",
            "Week %(week)s was already sent and its visits removed after the retention period; it can no longer be "
            "changed.",
        ),
        "week.invalid": QCoreApplication.translate("Errors", "'%(text)s' is not an ISO week like 2026-W47."),
        "week.no_such_week": QCoreApplication.translate("Errors", "%(year)s has no week %(week)s."),
        "week.out_of_range": QCoreApplication.translate(
            "Errors", "'%(text)s' is outside the ISO years %(first)s–%(last)s."
        ),
        "range.reversed": QCoreApplication.translate(
            "Errors", "The range ends (%(last)s) before it starts (%(first)s)."
        ),
        "language.unknown": QCoreApplication.translate("Errors", "'%(code)s' is not a language code Neuvo knows."),
        "site.name_missing": QCoreApplication.translate("Errors", "The site needs a name."),
        "site.name_too_long": QCoreApplication.translate(
            "Errors", "The site name is too long (200 characters at most)."
        ),
        "site.exists": QCoreApplication.translate("Errors", "There is already a site called %(name)s."),
        "site.unknown_name": QCoreApplication.translate("Errors", "There is no site called %(name)s."),
        "site.not_found": QCoreApplication.translate("Errors", "That site no longer exists."),
        "slot.weekday": QCoreApplication.translate("Errors", "Choose a weekday for the slot."),
        "slot.end_before_start": QCoreApplication.translate("Errors", "The end time must be after the start time."),
        "time.invalid": QCoreApplication.translate("Errors", "'%(text)s' is not a time like 12:00."),
        "session.already_open": QCoreApplication.translate("Errors", "A desk session is already open: end it first."),
        "session.end_before_start": QCoreApplication.translate("Errors", "The session must end after it starts."),
        "session.past_in_future": QCoreApplication.translate(
            "Errors", "The session must be over: its end is still to come."
        ),
        "setting.not_number": QCoreApplication.translate("Errors", "Give a whole number."),
        "setting.too_small": QCoreApplication.translate("Errors", "The value must be at least %(minimum)s."),
        "setting.too_large": QCoreApplication.translate("Errors", "The value must be at most %(maximum)s."),
        "sync.server_address": QCoreApplication.translate(
            "Errors", "'%(address)s' is not a server address like https://stats.example.fi."
        ),
        "sync.server_query": QCoreApplication.translate("Errors", "The address must not contain '?' or '#'."),
        "sync.server_user": QCoreApplication.translate(
            "Errors", "The address must not contain a user name or password."
        ),
        "sync.server_plain_http": QCoreApplication.translate(
            "Errors", "Plain http to %(host)s would send the counts unencrypted; use an https address."
        ),
        "sync.proxy_address": QCoreApplication.translate(
            "Errors", "That is not a proxy address. It looks like http://proxy.city.fi:8080."
        ),
        "sync.ca_unreadable": QCoreApplication.translate("Errors", "The CA bundle file cannot be read."),
        "sync.ca_not_pem": QCoreApplication.translate("Errors", "The file is not a PEM certificate bundle."),
        "sync.code_format": QCoreApplication.translate(
            "Errors", "An enrollment code has 12 letters and digits, as the coordinator gave it."
        ),
        "store.disk_full": QCoreApplication.translate(
            "Errors", "The disk is full. Free some space and try again; nothing was saved."
        ),
        "store.too_new": QCoreApplication.translate(
            "Errors", "This data was saved by a newer version of Neuvo. Update Neuvo to open it. Nothing was changed."
        ),
        "store.locked": QCoreApplication.translate("Errors", "Neuvo is locked. Unlock it and try again."),
        "store.busy": QCoreApplication.translate(
            "Errors", "The data is in use by another Neuvo window or command. Try again in a moment."
        ),
        "store.key_missing": QCoreApplication.translate(
            "Errors",
            "The folder %(folder)s holds Neuvo's data but not its key file (neuvo.key). Put the key file back "
            "from your backup copy; nothing was changed.",
        ),
        "store.missing": QCoreApplication.translate("Errors", "There is no Neuvo data in %(folder)s."),
        "store.key_damaged": QCoreApplication.translate(
            "Errors",
            "The key file is damaged. Put back the copy from your backup, or use the recovery key. "
            "Nothing was changed.",
        ),
        "store.database_missing": QCoreApplication.translate(
            "Errors", "The database file is missing. Restore it from your backup copy."
        ),
        "store.database_empty": QCoreApplication.translate(
            "Errors",
            "The database file is empty: it was damaged or cut short. Restore it from your backup copy; "
            "nothing was changed.",
        ),
        "store.unreadable": QCoreApplication.translate(
            "Errors", "The data cannot be read; it may be damaged. Nothing was changed."
        ),
        "store.io_error": QCoreApplication.translate(
            "Errors",
            "The disk did not let Neuvo read or write its data (it may be full, removed or failing). "
            "Nothing was changed.",
        ),
        "store.cannot_open": QCoreApplication.translate(
            "Errors", "Neuvo may not open its data file. Check the folder's permissions and free space."
        ),
        "store.file_error": QCoreApplication.translate(
            "Errors", "A file of Neuvo's data cannot be written or read (%(problem)s). Nothing was changed."
        ),
        "store.damaged": QCoreApplication.translate(
            "Errors", "The data cannot be read; it may be damaged. Nothing was changed."
        ),
        "file.in_use": QCoreApplication.translate(
            "Errors",
            "%(path)s is open in another program (such as Excel or a PDF viewer) or is read-only. Close the file "
            "in the other program and save again; nothing was written.",
        ),
        "store.fault": QCoreApplication.translate(
            "Errors", "The database refused the change; nothing was saved. Please tell your coordinator."
        ),
    }


def error_text(error: BaseException) -> str:
    """A known error in the person's language, worded from its reason and parameters (one place for all).

    Only errors of no known reason fall back to the core's English sentence.
    """
    if isinstance(error, TooManyAttempts):
        seconds = int(error.wait_seconds + 0.999)
        return QCoreApplication.translate("Errors", "Too many wrong attempts. Try again in %1 seconds.").replace(
            "%1", str(seconds)
        )
    if isinstance(error, WrongPassphrase):
        return QCoreApplication.translate("Errors", "Wrong passphrase. Check the keyboard layout and Caps Lock.")
    if isinstance(error, WrongRecoveryKey):
        return QCoreApplication.translate(
            "Errors", "That recovery key does not open this store. Check it letter by letter."
        )
    if isinstance(error, WeakPassphrase):
        return QCoreApplication.translate(
            "Errors", "The passphrase is too easy to guess. Use at least 10 characters, e.g. several unrelated words."
        )
    if isinstance(error, PersonalDataInNote):
        names = {
            "identity-code": QCoreApplication.translate("Errors", "a personal identity code"),
            "phone": QCoreApplication.translate("Errors", "a phone number"),
            "email": QCoreApplication.translate("Errors", "an e-mail address"),
            "birth-date": QCoreApplication.translate("Errors", "a birth date"),
            "street-address": QCoreApplication.translate("Errors", "a street address"),
        }
        found = ", ".join(names.get(kind, kind) for kind in error.kinds)
        return QCoreApplication.translate(
            "Errors",
            "The note seems to contain %1. Notes must never identify a visitor: "
            "remove it and save again. Nothing was saved.",
        ).replace("%1", found)
    if isinstance(error, NeuvoError):
        template = _reason_texts().get(error.reason)
        if template is not None:
            try:
                return template % {name: str(value) for name, value in error.params.items()}
            except (KeyError, ValueError, TypeError):  # a translation with a broken placeholder
                return str(error)
        return str(error)
    return QCoreApplication.translate("Errors", "Something went wrong: %1").replace("%1", type(error).__name__)


def show_error(parent: QWidget | None, error: BaseException) -> None:
    """A known error as a message box; an unexpected one as a crash report."""
    if not isinstance(error, NeuvoError):
        report_unexpected(error)
        return
    QMessageBox.warning(parent, QCoreApplication.translate("Errors", "Neuvo"), error_text(error))


def report_unexpected(error: BaseException) -> None:
    """Log a bug with its traceback (code only, never visit data) and show copyable details."""
    details = crash_text(error)
    log.error("Unexpected error\n%s", details)
    running = QApplication.instance()
    if running is None or running.property("neuvo_testing"):
        raise error
    box = QMessageBox(
        QMessageBox.Icon.Critical,
        QCoreApplication.translate("Errors", "Neuvo: unexpected error"),
        QCoreApplication.translate(
            "Errors",
            "Neuvo hit an unexpected error. Your saved visits are safe. "
            "Please send the details below to your coordinator.",
        ),
    )
    box.setDetailedText(details)
    box.exec()
