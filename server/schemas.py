"""Request and response bodies of the server's API that are not part of the sync wire format (app.sync.wire)."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field, StringConstraints

from app.directory.records import ServiceRecord
from server.errors import AuthFailure

Name = Annotated[str, StringConstraints(min_length=1, max_length=200)]


class Health(BaseModel):
    status: str
    version: str


class LoginRequest(BaseModel):
    model_config = ConfigDict(extra="forbid")

    email: Annotated[str, StringConstraints(min_length=3, max_length=320)]
    password: Annotated[str, StringConstraints(min_length=1, max_length=1000)]


class AccessToken(BaseModel):
    access_token: str
    token_type: Literal["bearer"] = "bearer"
    expires_at: datetime


class EnrollmentRequest(BaseModel):
    model_config = ConfigDict(extra="forbid")

    site: Name
    team: Name | None = None
    expires_hours: float = Field(default=24, gt=0, le=24 * 30)


class EnrollmentCode(BaseModel):
    code: str
    site: str
    team: str
    expires_at: datetime


class DeviceRow(BaseModel):
    device_id: str
    name: str
    team: str
    enrolled_at: datetime
    last_seen_at: datetime | None
    revoked_at: datetime | None


class SiteRow(BaseModel):
    site: str
    team: str


class UnauthorizedBody(BaseModel):
    """A 401: the sentence, and why in one word a client can act on (it forgets its identity only on `revoked`)."""

    detail: str
    reason: AuthFailure


class ReportConflictBody(BaseModel):
    detail: str
    stored_revision: int


class PublishedDirectory(BaseModel):
    version: int
    published_at: datetime
    services: list[ServiceRecord]


class DirectoryUploadResult(BaseModel):
    version: int
    services: int
