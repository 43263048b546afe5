"""Every phone number of the local directory, as the note check's `service_numbers` (E.164).

Read once per unlock (one `DirectoryNumbers` per VisitService, which lives as long as the unlocked store) and again
only when the directory changed: an import or an advisor's own entry adds numbers that then pass at once.
"""

from __future__ import annotations

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from app.notecheck import service_number_keys
from app.storage.directory_models import DirPhone, DirService


class DirectoryNumbers:
    def __init__(self) -> None:
        self._stamp: tuple[object, ...] | None = None
        self._numbers: frozenset[str] = frozenset()

    @property
    def last_read(self) -> frozenset[str]:
        """The numbers as last read (empty before the first read): for a check that cannot wait for the database."""
        return self._numbers

    def read(self, session: Session) -> frozenset[str]:
        """The directory's numbers; three indexed MAX()es when nothing changed since the last read."""
        stamp = tuple(
            session.execute(
                select(
                    select(func.max(DirService.id)).scalar_subquery(),
                    select(func.max(DirService.updated_at)).scalar_subquery(),
                    select(func.max(DirPhone.id)).scalar_subquery(),
                )
            ).one()
        )
        if stamp != self._stamp:
            self._numbers = service_number_keys(session.scalars(select(DirPhone.number)))
            self._stamp = stamp
        return self._numbers
