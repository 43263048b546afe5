"""Enrollment: a coordinator creates a one-time code for a site's team; a device redeems it for itself."""

from __future__ import annotations

from datetime import timedelta

from fastapi import APIRouter, Depends, status
from sqlalchemy.exc import IntegrityError

from app.sync.wire import DeviceInfo, EnrollRequest
from server.api.deps import CoordinatorDependency, SessionDependency, limited_by_address
from server.api.responses import errors
from server.enrollments import ClaimRaced, create_enrollment, redeem
from server.schemas import EnrollmentCode, EnrollmentRequest

router = APIRouter(tags=["enrollment"])


@router.post("/enrollments", status_code=status.HTTP_201_CREATED, response_model=EnrollmentCode, responses=errors(401))
def new_enrollment(
    body: EnrollmentRequest, _coordinator: CoordinatorDependency, session: SessionDependency
) -> EnrollmentCode:
    created = create_enrollment(session, body.site, body.team, timedelta(hours=body.expires_hours))
    session.commit()
    return EnrollmentCode(code=created.code, site=created.site, team=created.team, expires_at=created.expires_at)


@router.post(
    "/enroll",
    response_model=DeviceInfo,
    responses=errors(401, 429),
    dependencies=[Depends(limited_by_address("enroll"))],
)
def enroll(body: EnrollRequest, session: SessionDependency) -> DeviceInfo:
    try:
        info = redeem(session, body)
        session.commit()
    except (IntegrityError, ClaimRaced):
        # The same device's retry raced its first attempt: the first one's result decides (a second race is
        # answered as a code taken by another device).
        session.rollback()
        info = redeem(session, body)
        session.commit()
    return info
