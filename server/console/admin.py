"""The console's administration pages: devices (revoke), enrollment codes, teams and sites, code lists."""

from __future__ import annotations

import copy
import json
from datetime import timedelta
from typing import Any

from fastapi import APIRouter, Request, Response
from fastapi.responses import HTMLResponse
from sqlalchemy.orm import Session, sessionmaker
from starlette.concurrency import run_in_threadpool

from app.codes import LABEL_LANGUAGES
from server.codes import CodeLists, codes_document, store_document
from server.console.i18n import translator
from server.console.pages import ConsoleRefusal, page_language, render
from server.console.routes import authenticated, form_of
from server.console.tables import DeviceSummary, device_summaries, teams_and_sites
from server.devices import revoke
from server.enrollments import NewEnrollment, create_enrollment
from server.errors import Invalid, Missing
from server.models import Device

router = APIRouter(include_in_schema=False)
LIFETIMES = (1, 24, 168, 720)  # hours an enrollment code may be valid for (the form's choices)


def _devices_context(request: Request) -> dict[str, Any]:
    read_sessions: sessionmaker[Session] = request.app.state.read_sessions
    with read_sessions() as session:
        return {"devices": device_summaries(session), "teams": teams_and_sites(session)}


@router.get("/console/devices", response_class=HTMLResponse)
async def devices(request: Request) -> Response:
    user = authenticated(request)
    context = await run_in_threadpool(_devices_context, request)
    return render(request, "devices.html", user=user, view="devices", lifetimes=LIFETIMES, **context)


def _device(request: Request, device_id: str) -> DeviceSummary:
    read_sessions: sessionmaker[Session] = request.app.state.read_sessions
    with read_sessions() as session:
        for summary in device_summaries(session):
            if summary.device_id == device_id:
                return summary
    raise ConsoleRefusal(404, translator(page_language(request))("devices.unknown"))


@router.get("/console/devices/{device_id}/revoke", response_class=HTMLResponse)
async def confirm_revoke(request: Request, device_id: str) -> Response:
    user = authenticated(request)
    device = await run_in_threadpool(_device, request, device_id)
    return render(request, "revoke.html", user=user, view="devices", device=device)


def _revoke(sessions: sessionmaker[Session], device_id: str) -> Device:
    with sessions() as session, session.begin():
        return revoke(session, device_id)


@router.post("/console/devices/{device_id}/revoke", response_class=HTMLResponse)
async def revoke_device(request: Request, device_id: str) -> Response:
    user = authenticated(request)
    await form_of(request, user.csrf)
    t = translator(page_language(request))
    try:
        device = await run_in_threadpool(_revoke, request.app.state.sessions, device_id)
    except Missing:
        raise ConsoleRefusal(404, t("devices.unknown")) from None
    context = await run_in_threadpool(_devices_context, request)
    return render(
        request,
        "devices.html",
        user=user,
        view="devices",
        lifetimes=LIFETIMES,
        notice=t("devices.revoked_done", name=device.name),
        **context,
    )


def _enroll(sessions: sessionmaker[Session], site: str, team: str | None, hours: int) -> NewEnrollment:
    with sessions() as session, session.begin():
        return create_enrollment(session, site, team, timedelta(hours=hours))


@router.post("/console/enrollments", response_class=HTMLResponse)
async def new_enrollment(request: Request) -> Response:
    user = authenticated(request)
    form = await form_of(request, user.csrf)
    hours_text = form.get("hours", "")
    if not hours_text.isdigit() or int(hours_text) not in LIFETIMES:
        raise ConsoleRefusal(422, "Choose how long the code is valid from the list.")
    team = form.get("team", "").strip() or None
    try:
        created = await run_in_threadpool(
            _enroll, request.app.state.sessions, form.get("site", ""), team, int(hours_text)
        )
    except Invalid as error:
        raise ConsoleRefusal(422, error.message) from None
    # The code is in this page only: never cached, never stored anywhere but as its hash.
    return render(request, "enrolled.html", user=user, view="devices", created=created)


# -- code lists ---------------------------------------------------------------------------------------------------


def _document(request: Request) -> dict[str, Any]:
    read_sessions: sessionmaker[Session] = request.app.state.read_sessions
    with read_sessions() as session:
        text, _etag = codes_document(session)
    document: dict[str, Any] = json.loads(text)
    return document


def _codes_page(request: Request, status: int = 200, **context: Any) -> Response:
    user = authenticated(request)
    document = _document(request)
    extendable = [item["name"] for item in document["dimensions"] if item.get("values")]
    return render(
        request,
        "codes.html",
        status=status,
        user=user,
        view="codes",
        document=document,
        extendable=extendable,
        form=context.pop("form", {}),
        **context,
    )


@router.get("/console/codes", response_class=HTMLResponse)
async def codes(request: Request) -> Response:
    authenticated(request)
    return await run_in_threadpool(_codes_page, request)


def _add_code(request: Request, dimension: str, value: dict[str, str]) -> None:
    sessions: sessionmaker[Session] = request.app.state.sessions
    with sessions() as session, session.begin():
        text, _etag = codes_document(session)
        document = copy.deepcopy(json.loads(text))
        for item in document["dimensions"]:
            if item["name"] == dimension and item.get("values"):
                if any(existing["code"] == value["code"] for existing in item["values"]):
                    raise Invalid(f"The list already has the code '{value['code']}'; nothing was changed.")
                item["values"].append(value)
                break
        else:
            raise Invalid(translator(page_language(request))("codes.unknown_dimension"))
        store_document(session, document)
    lists: CodeLists = request.app.state.codes
    with request.app.state.read_sessions() as session:
        lists.refresh(session)


@router.post("/console/codes", response_class=HTMLResponse)
async def add_code(request: Request) -> Response:
    user = authenticated(request)
    form = await form_of(request, user.csrf)
    dimension = form.get("dimension", "")
    value = {"code": form.get("code", "").strip()}
    for language in LABEL_LANGUAGES:
        value[language] = " ".join(form.get(f"label_{language}", "").split())
    try:
        await run_in_threadpool(_add_code, request, dimension, value)
    except Invalid as error:
        return await run_in_threadpool(_codes_page, request, 422, message=error.message, form=form)
    t = translator(page_language(request))
    return await run_in_threadpool(
        _codes_page, request, notice=t("codes.added", code=value["code"], dimension=dimension)
    )


def _flags_context(request: Request) -> dict[str, Any]:
    from server.directory import list_flags

    read_sessions: sessionmaker[Session] = request.app.state.read_sessions
    with read_sessions() as session:
        return {"flags": list_flags(session)}


@router.get("/console/flags", response_class=HTMLResponse)
async def flags(request: Request) -> Response:
    """Advisors' flags of wrong or out-of-date directory entries, newest first."""
    user = authenticated(request)
    context = await run_in_threadpool(_flags_context, request)
    return render(request, "flags.html", user=user, view="flags", **context)
