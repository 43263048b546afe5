"""The server's refusals, each with the HTTP status it answers and a sentence a person understands."""

from __future__ import annotations


class ServerRefusal(Exception):
    """A request the server refuses; nothing was changed."""

    status_code = 400

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


class NotAuthenticated(ServerRefusal):
    status_code = 401


class NotAllowed(ServerRefusal):
    status_code = 403


class Missing(ServerRefusal):
    status_code = 404


class Conflict(ServerRefusal):
    status_code = 409


class TooLarge(ServerRefusal):
    status_code = 413


class Invalid(ServerRefusal):
    status_code = 422


class ReportConflict(Conflict):
    """The same revision of a week with different content: a lost update must never pass silently."""

    def __init__(self, site: str, week: str, stored_revision: int) -> None:
        super().__init__(
            f"The server already holds revision {stored_revision} of {site} {week} with different counts; "
            "send the week again with a higher revision."
        )
        self.stored_revision = stored_revision
