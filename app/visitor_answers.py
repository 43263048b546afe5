"""The visitor's own answer to the exit question ("Did you get the help you needed?"), counted per site and week.

An answer is added to its week's counts (VisitorAnswerCount) and nothing else is kept: not the visit it followed,
not the time, not a row of its own. The weekly report counts it as the dimension `visitor_answer`; it can never be
joined to the visit's topics, languages or other choices.
"""

from __future__ import annotations

from sqlalchemy import func, select
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.orm import Session

from app.codes import VISITOR_ANSWER_CODES, VISITOR_SKIPPED
from app.errors import BadInput, NotFound
from app.ledger import mark_week_dirty
from app.storage.database import Sessions
from app.storage.models import Visit, VisitorAnswerCount

ANSWERS = (*VISITOR_ANSWER_CODES, VISITOR_SKIPPED)


def check_answer(answer: str) -> str:
    if answer not in ANSWERS:
        raise BadInput(
            f"'{answer}' is not an answer to the exit question ({', '.join(ANSWERS)}).",
            "answer",
            reason="visitor_answer.unknown",
            params={"answer": answer},
        )
    return answer


def trim_answers(session: Session, site_id: int, week: str) -> None:
    """Keep a week's answers no more than its visits after a visit was deleted or moved to another week.

    Which answer belonged to the deleted visit is not known (by design), so the excess is taken from the skipped
    ones first, then from the most frequent answer, which changes the shares least.
    """
    visits = session.scalar(select(func.count(Visit.id)).where(Visit.site_id == site_id, Visit.week == week)) or 0
    rows = session.scalars(
        select(VisitorAnswerCount).where(VisitorAnswerCount.site_id == site_id, VisitorAnswerCount.week == week)
    ).all()
    excess = sum(row.count for row in rows) - visits
    while excess > 0:
        remaining = [row for row in rows if row.count > 0]
        skipped = [row for row in remaining if row.answer == VISITOR_SKIPPED]
        row = skipped[0] if skipped else max(remaining, key=lambda item: (item.count, item.answer))
        taken = min(row.count, excess) if skipped else 1
        row.count -= taken
        excess -= taken
    for row in rows:
        if row.count == 0:
            session.delete(row)


class VisitorAnswerService:
    def __init__(self, sessions: Sessions) -> None:
        self._sessions = sessions

    def record(self, visit_id: int, answer: str) -> None:
        """Count the answer in the week and site of the visit just saved; the visit's id is not kept."""
        check_answer(answer)
        with self._sessions() as session, session.begin():
            visit = session.get(Visit, visit_id)
            if visit is None:
                raise NotFound(f"No visit with id {visit_id}.", "id")
            site_id, week = visit.site_id, visit.week
            mark_week_dirty(session, site_id, week)
            statement = sqlite_insert(VisitorAnswerCount).values(site_id=site_id, week=week, answer=answer, count=1)
            session.execute(
                statement.on_conflict_do_update(
                    index_elements=["site_id", "week", "answer"], set_={"count": VisitorAnswerCount.count + 1}
                )
            )
            trim_answers(session, site_id, week)  # never more answers than visits, even if asked twice

    def withdraw(self, site_id: int, week: str, answer: str) -> None:
        """Take one answer back out of a week's counts (the advisor undid the visit it followed)."""
        check_answer(answer)
        with self._sessions() as session, session.begin():
            row = session.get(VisitorAnswerCount, (site_id, week, answer))
            if row is None or row.count == 0:
                return
            mark_week_dirty(session, site_id, week)
            row.count -= 1
            if row.count == 0:
                session.delete(row)

    def withdraw_for_visit(self, visit_id: int, answer: str) -> None:
        """Take back the answer given after this visit, before the visit itself is undone (nothing if it is gone)."""
        with self._sessions() as session:
            visit = session.get(Visit, visit_id)
            place = (visit.site_id, visit.week) if visit is not None else None
        if place is not None:
            self.withdraw(*place, answer)

    def counts(self, site_id: int, week: str) -> dict[str, int]:
        with self._sessions() as session:
            rows = session.execute(
                select(VisitorAnswerCount.answer, VisitorAnswerCount.count).where(
                    VisitorAnswerCount.site_id == site_id, VisitorAnswerCount.week == week
                )
            ).all()
        return {answer: count for answer, count in rows if count}
