"""The sync line of the status bar, and the plain words for the sync's state and errors."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

from app.errors import NotEnrolled
from app.ui.qt import QCoreApplication, QDate, QEvent, QHBoxLayout, QLabel, QLocale, QSizePolicy, QToolButton, QWidget

SEPARATOR = " · "


def when_text(moment: datetime | None, now: datetime | None = None) -> str:
    """'today 14:02', 'yesterday 09:15' or a short local date and time; 'never' when there is no moment."""
    if moment is None:
        return QCoreApplication.translate("SyncStatus", "never")
    local = moment.astimezone() if moment.tzinfo is not None else moment
    today = (now or datetime.now().astimezone()).date()
    clock = local.strftime("%H:%M")
    if local.date() == today:
        return QCoreApplication.translate("SyncStatus", "today %1").replace("%1", clock)
    if local.date() == today - timedelta(days=1):
        return QCoreApplication.translate("SyncStatus", "yesterday %1").replace("%1", clock)
    day = local.date()
    date_text = QLocale().toString(QDate(day.year, day.month, day.day), QLocale.FormatType.ShortFormat)
    return f"{date_text} {clock}"


def waiting_text(weeks: int) -> str:
    if weeks <= 0:
        return QCoreApplication.translate("SyncStatus", "nothing waiting")
    if weeks == 1:
        return QCoreApplication.translate("SyncStatus", "1 week waiting")
    return QCoreApplication.translate("SyncStatus", "%1 weeks waiting").replace("%1", str(weeks))


def weeks_text(weeks: int) -> str:
    """'nothing', '1 week' or '3 weeks' (what waits to be sent, in Settings → Sync)."""
    if weeks <= 0:
        return QCoreApplication.translate("SyncStatus", "nothing")
    if weeks == 1:
        return QCoreApplication.translate("SyncStatus", "1 week")
    return QCoreApplication.translate("SyncStatus", "%1 weeks").replace("%1", str(weeks))


def error_kind(error: Any) -> str:
    """What went wrong, as one short name, from an exception or from a status's stored last error ('' if none).

    The status stores the kind next to the English sentence, and the kind decides which translated words to show.
    "not_enrolled" in a status (and a DeviceUnknown) means the server no longer knows this laptop.
    """
    if error is None:
        return ""
    if isinstance(error, BaseException):
        return str(getattr(error, "kind", "other"))
    if getattr(error, "is_revoked", False):
        return "revoked"
    stored = getattr(error, "last_error_kind", None)
    if stored:
        return str(stored)
    # A status with an error but no kind (stored before kinds were kept): said as a failure of no known kind.
    return "other" if getattr(error, "last_error", None) else ""


def _never_enrolled(error: Any) -> bool:
    """A NotEnrolled raised before any enrollment, unlike a server that forgot this laptop (same kind)."""
    return isinstance(error, NotEnrolled)


def server_words(error: Any) -> str:
    """The server's own (English) words behind a refusal, shown apart from the translated sentence ('' if none)."""
    if error_kind(error) != "refused":
        return ""
    return _detail(error)


def server_words_text(error: Any) -> str:
    """'In the server's words: …', or '' when the server gave none."""
    words = server_words(error)
    if not words:
        return ""
    return QCoreApplication.translate("SyncStatus", "In the server's words: %1").replace("%1", words)


def short_error_text(error: Any) -> str:
    """The last error in a few words, for the status bar."""
    kind = error_kind(error)
    if not kind:
        return ""
    texts = {
        "unreachable": QCoreApplication.translate("SyncStatus", "server not reachable, will retry"),
        "certificate": QCoreApplication.translate("SyncStatus", "server certificate not trusted"),
        "proxy": QCoreApplication.translate("SyncStatus", "proxy not reachable, will retry"),
        "incomplete": QCoreApplication.translate("SyncStatus", "last sync did not finish, will retry"),
        "revoked": QCoreApplication.translate("SyncStatus", "disconnected by the coordinator"),
        "not_enrolled": QCoreApplication.translate("SyncStatus", "not connected to a server")
        if _never_enrolled(error)
        else QCoreApplication.translate("SyncStatus", "the server no longer knows this laptop"),
        "enrollment_refused": QCoreApplication.translate("SyncStatus", "enrollment code not accepted"),
        "refused": QCoreApplication.translate("SyncStatus", "the server refused some weeks (see Settings → Sync)"),
    }
    return texts.get(kind, QCoreApplication.translate("SyncStatus", "last attempt failed"))


def error_sentence(error: Any) -> str:
    """The error in plain words, for Settings → Sync: what happened and what to do ('' if none)."""
    kind = error_kind(error)
    if not kind:
        return ""
    if kind == "unreachable":
        return QCoreApplication.translate(
            "SyncStatus",
            "The server cannot be reached. Check the address and the network connection; "
            "Neuvo keeps the weeks and tries again by itself.",
        )
    if kind == "certificate":
        return QCoreApplication.translate(
            "SyncStatus",
            "The server's certificate is not trusted. If your city's IT uses its own certificate authority, "
            "choose its CA bundle file; otherwise tell your coordinator.",
        )
    if kind == "proxy":
        return QCoreApplication.translate(
            "SyncStatus",
            "The proxy set under Network cannot be reached or does not accept Neuvo. Check its address (and user "
            "name and password) with your city's IT; Neuvo keeps the weeks and tries again by itself.",
        )
    if kind == "incomplete":
        return QCoreApplication.translate(
            "SyncStatus", "The last sync did not finish in time. Neuvo tries again by itself; nothing is lost."
        )
    if kind == "revoked":
        return QCoreApplication.translate(
            "SyncStatus",
            "The coordinator has disconnected this laptop from the server. Ask for a new enrollment code "
            "to connect it again; the weeks that wait are kept.",
        )
    if kind == "not_enrolled":
        if _never_enrolled(error):
            return QCoreApplication.translate("SyncStatus", "This laptop is not connected to a server yet.")
        return QCoreApplication.translate(
            "SyncStatus",
            "The server no longer knows this laptop (its data may have been reset). Connect it again with a new "
            "code from your coordinator; every week is then sent again.",
        )
    if kind == "enrollment_refused":
        return QCoreApplication.translate(
            "SyncStatus",
            "The enrollment code was not accepted: it may be mistyped, expired or already used on another "
            "laptop. Ask your coordinator for a new code.",
        )
    if kind == "refused":
        # The server's own words (they name the site or week) are English: server_words() shows them apart.
        return QCoreApplication.translate(
            "SyncStatus",
            "The server refused some weeks; they wait on this laptop. Show the server's words to your coordinator.",
        )
    return _detail(error)


def _detail(error: Any) -> str:
    if isinstance(error, BaseException):
        from app.ui.errors import error_text

        return error_text(error)
    return str(getattr(error, "last_error", error) or "")


def status_line(status: Any) -> str:
    """'Last sync: today 14:02 · 2 weeks waiting · server not reachable, will retry', or not connected."""
    if status is None:
        return ""
    if getattr(status, "is_revoked", False):
        return QCoreApplication.translate(
            "SyncStatus", "Not connected: this laptop was disconnected by the coordinator"
        )
    if not status.is_enrolled:
        if error_kind(status) == "not_enrolled":
            return QCoreApplication.translate("SyncStatus", "Not connected: the server no longer knows this laptop")
        return QCoreApplication.translate("SyncStatus", "Not connected to a server")
    parts = [
        QCoreApplication.translate("SyncStatus", "Last sync: %1").replace("%1", when_text(status.last_success_at)),
        waiting_text(status.waiting_weeks),
    ]
    problem = short_error_text(status)
    if problem:
        parts.append(problem)
    return SEPARATOR.join(parts)


class SyncStatusBar(QWidget):
    """The status bar's sync line and its "Sync now" button (the window connects the button's action)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.status: Any = None
        self.is_syncing = False
        self.label = QLabel()
        self.label.setObjectName("syncStatusLabel")
        # Long error texts must not widen the window: the label gives way, the tooltip keeps the whole text.
        self.label.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
        self.label.setMinimumWidth(120)
        self.button = QToolButton()
        self.button.setObjectName("syncNowButton")
        layout = QHBoxLayout(self)
        layout.setContentsMargins(6, 0, 0, 0)
        layout.setSpacing(8)
        layout.addWidget(self.label, 1)
        layout.addWidget(self.button)
        self.retranslate()

    def changeEvent(self, event: QEvent) -> None:  # noqa: N802 - Qt API
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)

    def retranslate(self) -> None:
        self._show()

    def show_status(self, status: Any) -> None:
        self.status = status
        self.is_syncing = False
        self._show()

    def show_syncing(self) -> None:
        self.is_syncing = True
        self._show()

    def _show(self) -> None:
        text = status_line(self.status)
        if self.is_syncing and self.status is not None and self.status.is_enrolled:
            text = SEPARATOR.join((text, QCoreApplication.translate("SyncStatus", "syncing…")))
        self.label.setText(text)
        lines = [text]
        if self.status is not None:
            lines += [error_sentence(self.status), server_words_text(self.status)]
        self.label.setToolTip("\n".join(line for line in lines if line))
