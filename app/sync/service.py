"""Sync with the statistics server: enroll, send the weeks that wait, pull the shared directory, purge old visits.

Every database step is its own short transaction; none stays open while the network is waited on. A week is
acknowledged only if its revision did not change during the send (compare-and-set), so an edit made meanwhile
is sent on the next pass. The server replaces a week only with a higher revision, so any retry is safe.
"""

from __future__ import annotations

import logging
import random
import secrets
import time
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from functools import partial
from typing import Any, TypeVar

import httpx
from dateutil.relativedelta import relativedelta
from pydantic import ValidationError
from sqlalchemy import delete, func, or_, select, tuple_, update
from sqlalchemy.orm import Session

from app.codes import Codebook, CodesSource, codebook_of
from app.directory.records import ServiceRecord
from app.directory.store import write_records
from app.errors import (
    BadInput,
    DeviceRevoked,
    DeviceUnknown,
    EnrollmentRefused,
    NeuvoError,
    NotEnrolled,
    ServerUnreachable,
    SyncRefused,
)
from app.ledger import close_weeks, refresh_dirty_reports
from app.storage.database import Sessions
from app.storage.directory_models import DirFlag, DirService
from app.storage.models import (
    SYNC_STATE_ID,
    HandoutPrint,
    Site,
    SyncState,
    Visit,
    VisitLanguage,
    VisitOutcome,
    VisitTopic,
    WeeklySlot,
    WeekReportRow,
)
from app.stored_settings import SettingsService
from app.sync.backoff import Backoff
from app.sync.client import RevisionConflict, SyncClient, check_server_url, read_ca_bundle
from app.sync.wire import (
    MAX_FLAGS_PER_UPLOAD,
    MAX_SLOTS,
    DeviceInfo,
    DirectoryFlagDoc,
    DirectoryFlagsUpload,
    EnrollRequest,
    ReportUpload,
    SiteSlots,
    SlotDoc,
    codes_context,
    device_token,
    normalize_enrollment_code,
    sendable,
)
from app.weeks import local, now_utc

SERVER_DIRECTORY_SOURCE = "server:central"
# Retries inside one pass stay short: the background loop is what waits long and never gives up.
PASS_RETRY_BASE = 0.25
PASS_RETRY_CAP = 2.0
PASS_RETRY_SECONDS = 4.0  # per request: past this the pass reports the server unreachable
ENROLL_DEADLINE_SECONDS = 10.0
# A week whose revision keeps colliding is left for the next pass rather than looping.
MAX_REVISION_HEALS = 3
PURGE_CHUNK = 400  # (site, week) pairs per statement, well below SQLite's variable limit

Answer = TypeVar("Answer")
log = logging.getLogger(__name__)


@dataclass(frozen=True)
class SyncStatus:
    """What the status bar and `neuvo sync status` show."""

    is_enrolled: bool
    server_url: str | None
    device_id: str | None
    team: str | None
    sites: tuple[str, ...]
    last_success_at: datetime | None
    last_attempt_at: datetime | None
    waiting_weeks: int
    last_error: str | None
    is_revoked: bool = False
    last_error_kind: str | None = None

    def to_json(self) -> dict[str, Any]:
        return {
            "enrolled": self.is_enrolled,
            "server": self.server_url,
            "device_id": self.device_id,
            "team": self.team,
            "sites": list(self.sites),
            "last_success_at": self.last_success_at.isoformat() if self.last_success_at else None,
            "waiting_weeks": self.waiting_weeks,
            "last_error": self.last_error,
        }


@dataclass(frozen=True)
class SyncResult:
    """One pass: how many weeks the server acknowledged, how many still wait, and the directory's state."""

    sent: int
    waiting_weeks: int
    directory: str  # "updated", "unchanged", "none published" or "not checked"
    is_complete: bool  # the pass ran to its end within its deadline

    @property
    def is_everything_acknowledged(self) -> bool:
        return self.is_complete and self.waiting_weeks == 0


@dataclass(frozen=True)
class _Week:
    site_id: int
    site: str
    week: str


def normalise_code(code: str) -> str:
    """An enrollment code as typed: spaces and dashes dropped, upper case."""
    cleaned = normalize_enrollment_code(code)
    if not 4 <= len(cleaned) <= 64:
        raise BadInput(
            "An enrollment code has 12 letters and digits, as the coordinator gave it.",
            "code",
            reason="sync.code_format",
        )
    return cleaned


def cutoff_week(today: Any, retention_months: int) -> str:
    """The first week whose visits are still kept: weeks before it lie wholly outside the retention period."""
    year, week, _ = (today - relativedelta(months=retention_months)).isocalendar()
    return f"{year}-W{week:02d}"


def _outbox_condition() -> Any:
    return WeekReportRow.revision > WeekReportRow.acked_revision


class SyncService:
    def __init__(
        self,
        sessions: Sessions,
        settings: SettingsService,
        codes: CodesSource,
        use_codes: Callable[[Codebook], None],
        transport: httpx.BaseTransport | None = None,
        clock: Callable[[], datetime] = now_utc,
        sleep: Callable[[float], object] = time.sleep,
        rng: random.Random | None = None,
        monotonic: Callable[[], float] = time.monotonic,
    ) -> None:
        self._sessions = sessions
        self.settings = settings
        self._codes = codes
        self._use_codes = use_codes
        self.transport = transport
        self.clock = clock
        # The waits between retries and the deadlines they keep (tests pass a clock that `sleep` moves).
        self.sleep = sleep
        self.monotonic = monotonic
        self.rng = rng or random.Random()
        # The weekly slots each site's server holds as far as this app knows (sent again after a restart).
        self._slots_sent: dict[str, list[SlotDoc]] = {}

    # -- identity and state ------------------------------------------------------------------
    def ensure_identity(self) -> tuple[str, str]:
        """This laptop's device id and secret, created and committed on first use (and after a revocation)."""
        with self._sessions() as session, session.begin():
            state = session.get(SyncState, SYNC_STATE_ID)
            if state is None:
                state = SyncState(id=SYNC_STATE_ID, sites=[], is_revoked=False, **_new_identity())
                session.add(state)
            elif state.is_revoked:
                # The old credential is burnt (a coordinator revoked it); a new enrollment needs a new identity.
                # The old one is kept until then: the server moves its reports to the new one, counting them once.
                if state.enrolled_at is not None or state.previous_device_id is None:
                    state.previous_device_id, state.previous_device_secret = state.device_id, state.device_secret
                for name, value in _new_identity().items():
                    setattr(state, name, value)
                state.is_revoked, state.team, state.sites, state.enrolled_at = False, None, [], None
            return state.device_id, state.device_secret

    def _record(self, **changes: Any) -> None:
        with self._sessions() as session, session.begin():
            state = session.get(SyncState, SYNC_STATE_ID)
            if state is not None:
                for name, value in changes.items():
                    setattr(state, name, value)

    def _enrolled_state(self) -> SyncState:
        with self._sessions() as session:
            state = session.get(SyncState, SYNC_STATE_ID)
            if state is None or state.server_url is None or state.team is None:
                raise NotEnrolled()
            if state.is_revoked:
                raise DeviceRevoked()
            session.expunge(state)
            return state

    def _client(self, state: SyncState) -> SyncClient:
        assert state.server_url is not None
        return SyncClient(
            state.server_url,
            device_token(state.device_id, state.device_secret),
            state.ca_bundle,
            transport=self.transport,
            proxy=self.proxy(),
        )

    def proxy(self) -> str | None:
        """The proxy set in Settings → Sync (inside the encrypted store), or None for a direct connection."""
        return str(self.settings.get("sync_proxy") or "") or None

    # -- enrollment ----------------------------------------------------------------------------
    def enroll(
        self, server_url: str, code: str, ca_bundle: str | None = None, device_name: str | None = None
    ) -> DeviceInfo:
        """Redeem a coordinator's code; stores the server, the team and its sites. A retry with the same code
        after a lost answer gets the same enrollment, because the identity was committed before the first try."""
        url = check_server_url(server_url)
        clean_code = normalise_code(code)
        pem = read_ca_bundle(ca_bundle) if ca_bundle else self._stored_ca_bundle(url)
        name = (device_name or self._default_device_name())[:100]
        stop_at = self.monotonic() + ENROLL_DEADLINE_SECONDS
        try:
            info = self._redeem(url, pem, clean_code, name, stop_at)
        except EnrollmentRefused:
            if not self._is_revoked_there(url, pem, stop_at):
                raise
            # Revoked without this laptop noticing: the server wants a new device, so enroll as one.
            self._record(is_revoked=True)
            info = self._redeem(url, pem, clean_code, name, stop_at)
        with self._sessions() as session, session.begin():
            state = session.get_one(SyncState, SYNC_STATE_ID)
            if state.server_url is not None and state.server_url != url:
                # Acknowledgements came from the old server: the new one gets every week once.
                session.execute(update(WeekReportRow).values(acked_revision=0))
                state.directory_etag = state.codes_etag = None
            state.server_url, state.ca_bundle = url, pem
            state.team, state.sites = info.team, list(info.sites)
            state.enrolled_at, state.last_error, state.last_error_kind = self.clock(), None, None
            state.previous_device_id = state.previous_device_secret = None
        return info

    def _stored_ca_bundle(self, url: str) -> str | None:
        """Enrolling again with the same server keeps the city's CA bundle given the first time."""
        with self._sessions() as session:
            state = session.get(SyncState, SYNC_STATE_ID)
            return state.ca_bundle if state is not None and state.server_url == url else None

    def _redeem(self, url: str, pem: str | None, code: str, name: str, stop_at: float) -> DeviceInfo:
        device_id, device_secret = self.ensure_identity()  # committed before the request leaves
        with self._sessions() as session:
            state = session.get_one(SyncState, SYNC_STATE_ID)
            previous_id, previous_secret = state.previous_device_id, state.previous_device_secret
        request = EnrollRequest(
            code=code,
            device_id=device_id,
            device_secret=device_secret,
            device_name=name,
            previous_device_id=previous_id,
            previous_device_secret=previous_secret,
        )
        with SyncClient(url, None, pem, transport=self.transport, proxy=self.proxy()) as client:
            return self._with_retries(lambda timeout: client.enroll(request, timeout), stop_at)

    def _is_revoked_there(self, url: str, pem: str | None, stop_at: float) -> bool:
        """Whether this laptop's current identity was enrolled before and the server now refuses it."""
        with self._sessions() as session:
            state = session.get_one(SyncState, SYNC_STATE_ID)
            if state.enrolled_at is None:
                return False
            credential = device_token(state.device_id, state.device_secret)
        with SyncClient(url, credential, pem, transport=self.transport, proxy=self.proxy()) as client:
            try:
                self._with_retries(client.device, stop_at)
            except DeviceRevoked:
                return True
            except DeviceUnknown:
                return False
        return False

    def _default_device_name(self) -> str:
        with self._sessions() as session:
            site = session.scalar(select(Site.name).order_by(Site.is_default.desc(), Site.id).limit(1))
        return f"Neuvo desk, {site}" if site else "Neuvo desk"

    # -- one pass ------------------------------------------------------------------------------
    def sync_once(self, deadline_seconds: float = 10.0) -> SyncResult:
        """Send every week that waits, then pull the directory and the code lists, within about the deadline.

        Raises NotEnrolled, DeviceRevoked, ServerUnreachable (after a few seconds of retries) or SyncRefused
        (the server refused a site's weeks or a request; the other weeks were still sent).
        """
        stop_at = self.monotonic() + deadline_seconds
        state = self._enrolled_state()
        with self._sessions() as session, session.begin():
            refresh_dirty_reports(session)
            session.get_one(SyncState, SYNC_STATE_ID).last_attempt_at = self.clock()
        refusals: list[str] = []
        directory = "not checked"
        is_complete = False
        try:
            with self._client(state) as client:
                sent, is_complete = self._send_outbox(client, state, stop_at, refusals)
                if is_complete:
                    self._send_slots(client, state, stop_at)
                    self._send_flags(client, stop_at)
                    directory = self._pull_directory(client, stop_at)
                    self._pull_codes(client, stop_at)
        except DeviceRevoked as error:
            self._record(is_revoked=True, last_error=str(error), last_error_kind="revoked")
            raise
        except DeviceUnknown as error:
            self._forget_enrollment(str(error))
            raise
        except NeuvoError as error:
            self._record(last_error=str(error), last_error_kind=error.kind)
            raise
        waiting = self.waiting_weeks()
        if is_complete:
            # Retention runs after every pass that reached its end, also when a site's weeks were refused: it
            # touches only acknowledged weeks. "Today" is never later than the server's date, so a laptop clock
            # set months ahead cannot close current weeks.
            self.purge_expired(_earlier(self.clock(), client.server_date))
        if refusals:
            message = " ".join(refusals)
            self._record(last_error=message, last_error_kind="refused")
            raise SyncRefused(message, 403)
        result = SyncResult(sent, waiting, directory, is_complete)
        if result.is_everything_acknowledged:
            self._record(last_success_at=self.clock(), last_error=None, last_error_kind=None)
        elif not is_complete:
            self._record(
                last_error=f"The sync did not finish within {deadline_seconds:g} seconds; {waiting} weeks still wait.",
                last_error_kind="incomplete",
            )
        else:
            # Weeks changed during the pass: the next one sends them.
            self._record(last_error=None, last_error_kind=None)
        return result

    def _send_outbox(
        self, client: SyncClient, state: SyncState, stop_at: float, refusals: list[str]
    ) -> tuple[int, bool]:
        with self._sessions() as session:
            weeks = [
                _Week(site_id, site, week)
                for site_id, site, week in session.execute(
                    select(WeekReportRow.site_id, Site.name, WeekReportRow.week)
                    .join(Site, Site.id == WeekReportRow.site_id)
                    .where(_outbox_condition())
                    .order_by(WeekReportRow.week, Site.name)
                )
            ]
        sent = 0
        refused_sites: set[str] = set()
        for place in weeks:
            if self.monotonic() >= stop_at:
                return sent, False
            if place.site in refused_sites:
                continue
            try:
                sent += self._send_week(client, state, place, stop_at)
            except SyncRefused as error:
                # One week or site refused must not hold back the others.
                if error.status_code == 403:
                    refused_sites.add(place.site)
                    refusals.append(
                        f"The server refused the weeks of site '{place.site}': it is not a site of the team "
                        f"'{state.team}' ({error}). They wait until a coordinator adds the site to the team."
                    )
                else:
                    refusals.append(f"Week {place.week} of site '{place.site}' was not accepted: {error}")
        return sent, True

    def _send_week(self, client: SyncClient, state: SyncState, place: _Week, stop_at: float) -> int:
        """Send one week until the server acknowledges its current revision; 1 if acknowledged now, else 0."""
        for _ in range(MAX_REVISION_HEALS + 1):
            with self._sessions() as session:
                row = session.get(WeekReportRow, (place.site_id, place.week))
                if row is None or row.revision <= row.acked_revision or row.payload is None:
                    return 0  # acknowledged meanwhile (another pass) or nothing to send
                revision, payload = row.revision, dict(row.payload)
            try:
                upload = ReportUpload.model_validate(
                    {"revision": revision, **sendable(payload)}, context=codes_context(self._codes())
                )
            except ValidationError as error:
                problem = error.errors()[0]["msg"]
                raise SyncRefused(f"the counts cannot be sent as they are ({problem}).", 422) from None
            try:
                ack = self._with_retries(partial(client.put_report, place.site, place.week, upload), stop_at)
            except RevisionConflict as conflict:
                self._raise_revision(place, conflict.stored_revision + 1)
                continue
            if ack.status == "stale" and ack.stored_revision > revision:
                # The server holds a higher revision of this week from this laptop: the laptop's counter fell
                # behind (a restored backup). Acknowledging would make every later edit of the week stale too.
                self._raise_revision(place, ack.stored_revision + 1)
                continue
            return self._acknowledge(state, place, revision)
        return 0

    def _send_slots(self, client: SyncClient, state: SyncState, stop_at: float) -> None:
        """Send each site's weekly slots (weekday and times only: no staff, no partner) when they changed since this
        app last sent them, so that the server knows which weeks a desk is expected. A server of before (404) or a
        site outside the team (403) is skipped quietly: the counts are what must arrive."""
        read_at = self.clock()
        with self._sessions() as session:
            rows = session.execute(
                select(Site.name, WeeklySlot.weekday, WeeklySlot.start_time, WeeklySlot.end_time)
                .outerjoin(WeeklySlot, WeeklySlot.site_id == Site.id)
                .order_by(Site.name, WeeklySlot.weekday, WeeklySlot.start_time)
            ).all()
        by_site: dict[str, list[SlotDoc]] = {}
        for name, weekday, start, end in rows:
            slots = by_site.setdefault(name, [])
            if weekday is not None:
                slots.append(SlotDoc(weekday=weekday, start=start, end=end))
        allowed = set(state.sites or by_site)
        for name, slots in by_site.items():
            if name not in allowed:
                continue
            listed = slots[:MAX_SLOTS]
            if self._slots_sent.get(name) == listed or self.monotonic() >= stop_at:
                continue
            document = SiteSlots(slots=listed, as_of=read_at)
            try:
                self._with_retries(partial(client.put_slots, name, document), stop_at)
            except (SyncRefused, ServerUnreachable) as error:
                log.info("The slots of site %r were not sent: %s", name, error)
                continue
            self._slots_sent[name] = listed

    def _raise_revision(self, place: _Week, at_least: int) -> None:
        with self._sessions() as session, session.begin():
            session.execute(
                update(WeekReportRow)
                .where(WeekReportRow.site_id == place.site_id, WeekReportRow.week == place.week)
                .values(revision=func.max(WeekReportRow.revision, at_least))
            )

    def _acknowledge(self, state: SyncState, place: _Week, revision: int) -> int:
        """Compare-and-set: acknowledged only if the week still has the revision that was sent, and the laptop is
        still enrolled as the device, with the server, that the week was sent as and to."""
        same_enrollment = (
            select(SyncState.id)
            .where(SyncState.device_id == state.device_id, SyncState.server_url == state.server_url)
            .exists()
        )
        with self._sessions() as session, session.begin():
            changed = session.execute(
                update(WeekReportRow)
                .where(
                    WeekReportRow.site_id == place.site_id,
                    WeekReportRow.week == place.week,
                    WeekReportRow.revision == revision,
                    WeekReportRow.acked_revision < revision,
                    same_enrollment,
                )
                .values(acked_revision=revision)
            )
            return 1 if getattr(changed, "rowcount", 0) else 0

    def _with_retries(self, call: Callable[[float], Answer], stop_at: float) -> Answer:
        """Retry a request the server could not take, with short jittered waits, until the pass's deadline."""
        backoff = Backoff(PASS_RETRY_BASE, PASS_RETRY_CAP, self.rng)
        give_up_at = min(stop_at, self.monotonic() + PASS_RETRY_SECONDS)
        while True:
            try:
                return call(max(stop_at - self.monotonic(), 1.0))
            except ServerUnreachable as error:
                delay = backoff.next_delay(error.retry_after)
                if self.monotonic() + delay >= give_up_at:
                    raise
                if self.sleep(delay):  # a stopped loop's wait returns True: end the pass, do not spin
                    raise

    # -- directory flags, directory and code lists ----------------------------------------------
    def _send_flags(self, client: SyncClient, stop_at: float) -> int:
        """Advisors' flags of wrong entries not yet sent; those the server kept or refused are not sent again."""
        with self._sessions() as session:
            waiting = list(
                session.scalars(
                    select(DirFlag).where(DirFlag.sent_at.is_(None)).order_by(DirFlag.id).limit(MAX_FLAGS_PER_UPLOAD)
                )
            )
            flags = [
                DirectoryFlagDoc(
                    client_id=flag.id,
                    service_source=flag.service_source,
                    service_source_id=flag.service_source_id,
                    service_name={code: name[:300] for code, name in list(flag.service_name.items())[:20]},
                    text=flag.text,
                    flagged_at=flag.created_at,
                )
                for flag in waiting
            ]
        if not flags:
            return 0
        upload = DirectoryFlagsUpload(flags=flags)
        ack = self._with_retries(lambda timeout: client.post_flags(upload, timeout), stop_at)
        done = set(ack.accepted) | set(ack.refused)
        with self._sessions() as session, session.begin():
            session.execute(update(DirFlag).where(DirFlag.id.in_(done)).values(sent_at=self.clock()))
        return len(ack.accepted)

    def _pull_directory(self, client: SyncClient, stop_at: float) -> str:
        with self._sessions() as session:
            etag = session.get_one(SyncState, SYNC_STATE_ID).directory_etag
        document = self._with_retries(lambda timeout: client.get_document("/directory", etag, timeout), stop_at)
        if document.status_code == 304:
            return "unchanged"
        if document.status_code == 204:
            return "none published"
        body = document.body if isinstance(document.body, dict) else {}
        try:
            records = [ServiceRecord.model_validate(item) for item in body.get("services", [])]
        except (ValidationError, TypeError) as error:
            raise SyncRefused(f"The server's directory could not be read ({error.__class__.__name__}).") from None
        with self._sessions() as session, session.begin():
            for language in _directory_languages(session, records):
                write_records(session, SERVER_DIRECTORY_SOURCE, language, records, full=True)
            session.get_one(SyncState, SYNC_STATE_ID).directory_etag = document.etag
        return "updated"

    def _pull_codes(self, client: SyncClient, stop_at: float) -> None:
        with self._sessions() as session:
            etag = session.get_one(SyncState, SYNC_STATE_ID).codes_etag
        document = self._with_retries(lambda timeout: client.get_document("/codes", etag, timeout), stop_at)
        if document.status_code != 200 or not isinstance(document.body, dict):
            return
        try:
            book = codebook_of(document.body)  # checked first: a bad document changes nothing
        except BadInput as error:
            # Not stored, so the next pass asks again; the lists in use stay as they are.
            log.warning("The server's code lists were not used: %s", error)
            return
        self._record(codes_etag=document.etag, codes_document=document.body)
        self._use_codes(book)

    # -- status --------------------------------------------------------------------------------
    def waiting_weeks(self) -> int:
        """Weeks with counts the server has not acknowledged (changed ones not yet rebuilt included)."""
        with self._sessions() as session:
            waiting = select(func.count()).where(
                or_(_outbox_condition(), WeekReportRow.is_dirty & ~WeekReportRow.is_closed)
            )
            return int(session.scalar(waiting.select_from(WeekReportRow)) or 0)

    def status(self) -> SyncStatus:
        waiting = self.waiting_weeks()
        with self._sessions() as session:
            state = session.get(SyncState, SYNC_STATE_ID)
            if state is None:
                return SyncStatus(False, None, None, None, (), None, None, waiting, None)
            return SyncStatus(
                is_enrolled=state.server_url is not None and state.team is not None and not state.is_revoked,
                server_url=state.server_url,
                device_id=state.device_id,
                team=state.team,
                sites=tuple(state.sites),
                last_success_at=state.last_success_at,
                last_attempt_at=state.last_attempt_at,
                waiting_weeks=waiting,
                last_error=state.last_error,
                last_error_kind=state.last_error_kind,
                is_revoked=state.is_revoked,
            )

    # -- retention -----------------------------------------------------------------------------
    def _forget_enrollment(self, message: str) -> None:
        """The server does not know this laptop: it must enroll again, and then send every week again."""
        with self._sessions() as session, session.begin():
            state = session.get_one(SyncState, SYNC_STATE_ID)
            state.team, state.sites, state.enrolled_at = None, [], None
            state.directory_etag = state.codes_etag = None
            state.last_error, state.last_error_kind = message, "not_enrolled"
            session.execute(update(WeekReportRow).values(acked_revision=0))

    def purge_expired(self, now: datetime | None = None) -> int:
        """Delete the visits of weeks older than the retention period whose report the server acknowledged;
        those weeks close (their counts stay for statistics). Returns how many visits were deleted."""
        months = int(self.settings.get("retention_months"))
        first_kept = cutoff_week(local(now or self.clock()).date(), months)
        deleted = 0
        with self._sessions() as session, session.begin():
            refresh_dirty_reports(session)
            pairs = [
                (site_id, week)
                for site_id, week in session.execute(
                    select(WeekReportRow.site_id, WeekReportRow.week).where(
                        WeekReportRow.week < first_kept,
                        ~WeekReportRow.is_closed,
                        ~WeekReportRow.is_dirty,
                        WeekReportRow.acked_revision > 0,
                        WeekReportRow.acked_revision == WeekReportRow.revision,
                    )
                )
            ]
            for start in range(0, len(pairs), PURGE_CHUNK):
                chunk = pairs[start : start + PURGE_CHUNK]
                for table in (VisitTopic, VisitLanguage, VisitOutcome, HandoutPrint):
                    session.execute(delete(table).where(tuple_(table.site_id, table.week).in_(chunk)))
                removed = session.execute(delete(Visit).where(tuple_(Visit.site_id, Visit.week).in_(chunk)))
                deleted += int(getattr(removed, "rowcount", 0) or 0)
                close_weeks(session, chunk)
        return deleted


def _earlier(local_now: datetime, server_now: datetime | None) -> datetime:
    return local_now if server_now is None else min(local_now, server_now)


def _new_identity() -> dict[str, str]:
    return {"device_id": uuid.uuid4().hex, "device_secret": secrets.token_urlsafe(32)}


def _directory_languages(session: Session, records: list[ServiceRecord]) -> list[str]:
    """Every language the server's entries have text in, or had: writing once per language takes each
    language's text from the server's entry (write_records merges one language at a time)."""
    languages: set[str] = set()
    for record in records:
        languages |= record.text_languages()
    for seen in session.scalars(select(DirService.languages_seen).where(DirService.source == SERVER_DIRECTORY_SOURCE)):
        languages |= set(seen or [])
    return sorted(languages) or ["fi"]
