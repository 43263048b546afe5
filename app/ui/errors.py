"""Shows known errors as translated messages and unexpected ones as a crash report (one helper each)."""

from __future__ import annotations

import logging
import traceback

from app.errors import (
    BadInput,
    DiskFull,
    NeuvoError,
    PersonalDataInNote,
    StoreDamaged,
    StoreLocked,
    StoreTooNew,
    TooManyAttempts,
    WeakPassphrase,
    WrongPassphrase,
    WrongRecoveryKey,
)
from app.ui.qt import QApplication, QCoreApplication, QMessageBox, QWidget

log = logging.getLogger("neuvo")


def error_text(error: BaseException) -> str:
    """A translated sentence for a known error; the core's English message for the rare others."""
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
        found = ", ".join(names[kind] for kind in error.kinds)
        return QCoreApplication.translate(
            "Errors",
            "The note seems to contain %1. Notes must never identify a visitor: "
            "remove it and save again. Nothing was saved.",
        ).replace("%1", found)
    if isinstance(error, DiskFull):
        return QCoreApplication.translate(
            "Errors", "The disk is full. Free some space and try again; nothing was saved."
        )
    if isinstance(error, StoreTooNew):
        return QCoreApplication.translate(
            "Errors", "This data was saved by a newer version of Neuvo. Update Neuvo to open it. Nothing was changed."
        )
    if isinstance(error, StoreDamaged):
        return QCoreApplication.translate(
            "Errors", "The data cannot be read; it may be damaged. Nothing was changed. Details: %1"
        ).replace("%1", str(error))
    if isinstance(error, StoreLocked):
        return QCoreApplication.translate("Errors", "Neuvo is locked. Unlock it and try again.")
    if isinstance(error, BadInput | NeuvoError):
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
    details = "".join(traceback.format_exception(type(error), error, error.__traceback__))
    log.error("Unexpected error\n%s", details)
    if QApplication.instance() is None or QApplication.instance().property("neuvo_testing"):
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
