"""The shared directory as a read-only Open Referral HSDS 3.0 API under /hsds: /services, /services/{id},
/organizations, /organizations/{id}, /taxonomies, /taxonomies/{id}, /taxonomy_terms, paginated (`page`,
`per_page`) and filtered (`modified_after`, `search`, `organization_id`, `taxonomy_term_id`), one language per
response (`lang`, default fi).

Public by default; once a coordinator sets a token (`neuvo-server directory api-access token`), every request
needs it as `Authorization: Bearer <token>`.
"""

from __future__ import annotations

import hashlib
import hmac
from datetime import datetime
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Query, Request
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer
from sqlalchemy.orm import Session

from server.api.deps import ReadSessionDependency
from server.api.responses import errors
from server.directory import latest_version
from server.errors import Missing, NotAuthenticated
from server.hsds_api import (
    HSDS_VERSION,
    TAXONOMIES,
    Published,
    hsds_id,
    matching,
    organization_json,
    page,
    published,
    service_json,
    taxonomy_json,
    taxonomy_terms,
)
from server.models import ServerSetting

TOKEN_SETTING = "hsds_token_sha256"
MAX_PER_PAGE = 1000
_bearer = HTTPBearer(auto_error=False, scheme_name="hsds", description="the token a coordinator set, if any")

router = APIRouter(prefix="/hsds", tags=["HSDS 3.0"])


def token_hash(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


def _allowed(
    session: ReadSessionDependency,
    credentials: Annotated[HTTPAuthorizationCredentials | None, Depends(_bearer)],
) -> None:
    setting = session.get(ServerSetting, TOKEN_SETTING)
    if setting is None or not setting.value:
        return
    if credentials is None or not credentials.credentials:
        raise NotAuthenticated(
            "This directory API needs the token its coordinator gave (Authorization: Bearer).",
            reason="missing_credential",
        )
    if not hmac.compare_digest(token_hash(credentials.credentials), setting.value):
        raise NotAuthenticated("That is not this directory API's token.", reason="invalid_token")


Allowed = Annotated[None, Depends(_allowed)]
Language = Annotated[str, Query(alias="lang", pattern=r"^[a-z]{2,3}$", description="the language of the texts")]
PageNumber = Annotated[int, Query(ge=1)]
PerPage = Annotated[int, Query(ge=1, le=MAX_PER_PAGE)]


def _published(session: Session) -> Published | None:
    version = latest_version(session)
    if version is None:
        return None
    return published(version.version, version.published_at, version.document)


@router.get("/", responses=errors(401))
def about(_allowed: Allowed, request: Request) -> dict[str, Any]:
    """What this API is: HSDS 3.0, read-only, the shared directory of Neuvo's desks."""
    return {
        "version": HSDS_VERSION,
        "profile": "https://docs.openreferral.org/en/latest/hsds/",
        "openapi_url": "https://raw.githubusercontent.com/openreferral/specification/3.0/schema/openapi.json",
    }


@router.get("/services", responses=errors(401, 422))
def services(
    _allowed: Allowed,
    session: ReadSessionDependency,
    lang: Language = "fi",
    page_number: Annotated[int, Query(alias="page", ge=1)] = 1,
    per_page: PerPage = 50,
    search: Annotated[str | None, Query(max_length=200)] = None,
    modified_after: datetime | None = None,
    organization_id: str | None = None,
    taxonomy_term_id: str | None = None,
    full: bool = False,
) -> dict[str, Any]:
    """A page of services (with `full=true`, each with its organization, phones, hours, places and languages)."""
    current = _published(session)
    if current is None:
        return page([], page_number, per_page)
    found = matching(
        current.services, search, _aware(modified_after), organization_id, taxonomy_term_id, current.published_at
    )
    start = (page_number - 1) * per_page
    shown = [service_json(record, lang, full) for record in found[start : start + per_page]]
    result = page([None] * len(found), page_number, per_page)
    result["contents"] = shown
    return result


@router.get("/services/{service_id}", responses=errors(401, 404))
def service(
    _allowed: Allowed, session: ReadSessionDependency, service_id: str, lang: Language = "fi"
) -> dict[str, Any]:
    current = _published(session)
    record = current.by_id().get(service_id) if current is not None else None
    if record is None:
        raise Missing(f"No service with id {service_id} in the published directory.")
    return service_json(record, lang, full=True)


@router.get("/organizations", responses=errors(401))
def organizations(
    _allowed: Allowed,
    session: ReadSessionDependency,
    lang: Language = "fi",
    page_number: Annotated[int, Query(alias="page", ge=1)] = 1,
    per_page: PerPage = 50,
) -> dict[str, Any]:
    current = _published(session)
    found: dict[str, dict[str, Any]] = {}
    for record in current.services if current is not None else ():
        organization = organization_json(record, lang)
        if organization is not None:
            found.setdefault(
                organization["id"], {key: value for key, value in organization.items() if value is not None}
            )
    return page(list(found.values()), page_number, per_page)


@router.get("/organizations/{organization_id}", responses=errors(401, 404))
def organization(
    _allowed: Allowed, session: ReadSessionDependency, organization_id: str, lang: Language = "fi"
) -> dict[str, Any]:
    """One organization with its services."""
    current = _published(session)
    records = matching(current.services, organization_id=organization_id) if current is not None else []
    if not records:
        raise Missing(f"No organization with id {organization_id} in the published directory.")
    found = organization_json(records[0], lang) or {}
    found = {key: value for key, value in found.items() if value is not None}
    found["services"] = [service_json(record, lang, full=True) for record in records]
    return found


@router.get("/taxonomies", responses=errors(401))
def taxonomies(
    _allowed: Allowed,
    page_number: Annotated[int, Query(alias="page", ge=1)] = 1,
    per_page: PerPage = 50,
) -> dict[str, Any]:
    return page([taxonomy_json(vocabulary) for vocabulary in TAXONOMIES], page_number, per_page)


@router.get("/taxonomies/{taxonomy_id}", responses=errors(401, 404))
def taxonomy(_allowed: Allowed, taxonomy_id: str) -> dict[str, Any]:
    for vocabulary in TAXONOMIES:
        if hsds_id("taxonomy", vocabulary) == taxonomy_id:
            return taxonomy_json(vocabulary)
    raise Missing(f"No taxonomy with id {taxonomy_id}.")


@router.get("/taxonomy_terms", responses=errors(401))
def terms(
    _allowed: Allowed,
    lang: Language = "fi",
    page_number: Annotated[int, Query(alias="page", ge=1)] = 1,
    per_page: PerPage = 50,
) -> dict[str, Any]:
    return page(taxonomy_terms(lang), page_number, per_page)


def _aware(moment: datetime | None) -> datetime | None:
    if moment is None or moment.tzinfo is not None:
        return moment
    from datetime import UTC

    return moment.replace(tzinfo=UTC)
