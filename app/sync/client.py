"""The HTTP client of the statistics server: TLS verified, timeouts on every request, failures as typed errors."""

from __future__ import annotations

import ipaddress
import ssl
from dataclasses import dataclass
from datetime import UTC, datetime
from email.utils import parsedate_to_datetime
from pathlib import Path
from typing import Any, TypeVar
from urllib.parse import quote

import httpx
from pydantic import BaseModel, ValidationError

from app.errors import (
    BadInput,
    DeviceRevoked,
    DeviceUnknown,
    EnrollmentRefused,
    NeuvoError,
    ServerUnreachable,
    SyncRefused,
)
from app.sync.proxy import check_proxy_address, proxy_display
from app.sync.wire import (
    API_PREFIX,
    DeviceInfo,
    DirectoryFlagsAck,
    DirectoryFlagsUpload,
    EnrollRequest,
    ReportAck,
    ReportUpload,
    SiteSlots,
)

DEFAULT_TIMEOUT = httpx.Timeout(15.0, connect=5.0)
# Answers a later attempt may get right: the server is busy, restarting or behind a failing proxy.
TRANSIENT_STATUSES = frozenset({429, 500, 502, 503, 504})
PEM_MARK = "-----BEGIN CERTIFICATE-----"


class RevisionConflict(NeuvoError):
    """409: the server holds this revision of the week with other content (a laptop restored from a backup)."""

    def __init__(self, message: str, stored_revision: int) -> None:
        super().__init__(message)
        self.stored_revision = stored_revision


@dataclass(frozen=True)
class Document:
    """A conditional GET's answer: 200 with a body, 304 unchanged, 204 nothing published."""

    status_code: int
    etag: str | None
    body: Any = None


Parsed = TypeVar("Parsed", bound=BaseModel)


def is_loopback(host: str) -> bool:
    host = host.strip("[]").rstrip(".").lower()
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def check_server_url(server_url: str) -> str:
    """The server address without a trailing slash; plain http only to this computer itself."""
    text = server_url.strip().rstrip("/")
    try:
        url = httpx.URL(text)
    except httpx.InvalidURL:
        url = None
    if url is None or url.scheme not in ("http", "https") or not url.host:
        raise BadInput(
            f"'{server_url}' is not a server address like https://stats.example.fi.",
            "server",
            reason="sync.server_address",
            params={"address": server_url},
        )
    if url.query or url.fragment or "?" in text or "#" in text:
        raise BadInput("The address must not contain '?' or '#'.", "server", reason="sync.server_query")
    if url.userinfo:
        raise BadInput("The address must not contain a user name or password.", "server", reason="sync.server_user")
    if url.scheme == "http" and not is_loopback(url.host):
        raise BadInput(
            f"Plain http to {url.host} would send the counts and the credential unencrypted; "
            "use https (http is accepted only for localhost).",
            "server",
            reason="sync.server_plain_http",
            params={"host": url.host},
        )
    return text


def read_ca_bundle(path: str | Path) -> str:
    """The PEM text of a CA bundle file, checked; kept inside the store so that moving the file breaks nothing."""
    try:
        text = Path(path).read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as error:
        reason = getattr(error, "strerror", None) or "not a text file"
        raise BadInput(
            f"Cannot read {path} ({reason}).", "ca_bundle", reason="sync.ca_unreadable", params={"path": str(path)}
        ) from None
    if PEM_MARK not in text:
        raise BadInput(
            f"{path} holds no PEM certificate.", "ca_bundle", reason="sync.ca_not_pem", params={"path": str(path)}
        )
    try:
        ssl.create_default_context(cadata=text)
    except ssl.SSLError:
        raise BadInput(
            f"{path} is not a readable PEM certificate bundle.",
            "ca_bundle",
            reason="sync.ca_not_pem",
            params={"path": str(path)},
        ) from None
    return text


def parse_retry_after(value: str | None, now: datetime | None = None) -> float | None:
    """Retry-After as seconds from now: either a number of seconds or an HTTP date."""
    if not value:
        return None
    value = value.strip()
    if value.isdigit():
        return float(value)
    try:
        moment = parsedate_to_datetime(value)
    except (TypeError, ValueError, IndexError):
        return None
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    return max(0.0, (moment - (now or datetime.now(UTC))).total_seconds())


def tls_context(ca_bundle: str | None = None) -> ssl.SSLContext:
    """Certificates checked against the operating system's trust store (the Windows certificate store, the macOS
    keychain, OpenSSL's store on Linux: where city IT installs the CA of its TLS inspection), and also against the
    city's own CA bundle if one was given (PEM text, or a file)."""
    import truststore

    context = truststore.SSLContext(ssl.PROTOCOL_TLS_CLIENT)
    if ca_bundle:
        if PEM_MARK in ca_bundle:
            context.load_verify_locations(cadata=ca_bundle)
        else:
            context.load_verify_locations(cafile=ca_bundle)
    return context


def _is_certificate_problem(error: httpx.TransportError) -> bool:
    text = str(error).lower()
    return "certificate" in text or "ssl" in text


def _is_proxy_problem(error: httpx.TransportError, proxy: str | None) -> bool:
    """The proxy refused the tunnel (ProxyError), or could not be reached at all."""
    if proxy is None:
        return False
    return isinstance(error, httpx.ProxyError) or (
        isinstance(error, httpx.ConnectError) and not _is_certificate_problem(error)
    )


def _transport_reason(error: httpx.TransportError, proxy: str | None = None) -> str:
    text = str(error).lower()
    if isinstance(error, httpx.TimeoutException):
        return "it did not answer in time"
    if _is_certificate_problem(error):
        return (
            "its certificate is not trusted by this computer (install your city's CA in the system's certificate "
            "store, or set the CA bundle)"
        )
    if _is_proxy_problem(error, proxy):
        if isinstance(error, httpx.ProxyError):
            return f"the proxy {proxy} refused the connection (check the proxy setting)"
        return f"the proxy {proxy} could not be reached (check the proxy setting)"
    if isinstance(error, httpx.ConnectError):
        if "refused" in text:
            return "the connection was refused"
        if "name" in text or "getaddrinfo" in text or "resolve" in text:
            return "its name was not found (check the address and the network)"
        return "no connection could be made"
    return "the connection broke"


def _detail(response: httpx.Response) -> str:
    try:
        body = response.json()
    except ValueError:
        return ""
    detail = body.get("detail") if isinstance(body, dict) else None
    if isinstance(detail, str):
        return detail
    if isinstance(detail, list) and detail and isinstance(detail[0], dict):  # FastAPI's validation errors
        return str(detail[0].get("msg", ""))
    return ""


class SyncClient:
    """One connection to the server; close it (or use `with`) when done."""

    def __init__(
        self,
        server_url: str,
        credential: str | None = None,
        ca_bundle: str | None = None,
        transport: httpx.BaseTransport | None = None,
        timeout: httpx.Timeout = DEFAULT_TIMEOUT,
        proxy: str | None = None,
    ) -> None:
        """`proxy`: the explicit proxy setting ("" or None: a direct connection); this computer itself is always
        reached directly. Proxies from the environment are never used (`trust_env=False`)."""
        self.server_url = check_server_url(server_url)
        self.host = httpx.URL(self.server_url).host
        self.credential = credential
        self._owns_transport = transport is None
        self.proxy = check_proxy_address(proxy) or None
        if self.proxy is not None and is_loopback(self.host):
            self.proxy = None
        self._proxy_shown = proxy_display(self.proxy) if self.proxy else None
        headers = {"Accept": "application/json"}
        if credential:
            headers["Authorization"] = f"Bearer {credential}"
        self._http = httpx.Client(
            base_url=self.server_url + API_PREFIX,
            headers=headers,
            verify=tls_context(ca_bundle),
            timeout=timeout,
            transport=transport,
            proxy=self.proxy,
            follow_redirects=False,
            # No proxy (nor certificate file) from the environment: only the explicit setting, never a surprise.
            trust_env=False,
        )
        self.server_date: datetime | None = None  # the Date of the server's last answer

    def close(self) -> None:
        if self._owns_transport:  # a transport handed in belongs to the caller, who may reuse it
            self._http.close()

    def __enter__(self) -> SyncClient:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()

    # -- the requests --------------------------------------------------------------------------
    def health(self, timeout: float | None = None) -> dict[str, Any]:
        return dict(self._request("GET", "/health", timeout=timeout).json())

    def enroll(self, request: EnrollRequest, timeout: float | None = None) -> DeviceInfo:
        response = self._request(
            "POST", "/enroll", json=request.model_dump(mode="json"), is_enrollment=True, timeout=timeout
        )
        return self._parse(DeviceInfo, response)

    def device(self, timeout: float | None = None) -> DeviceInfo:
        return self._parse(DeviceInfo, self._request("GET", "/device", timeout=timeout))

    def put_report(self, site: str, week: str, upload: ReportUpload, timeout: float | None = None) -> ReportAck:
        """Send one week's counts; raises RevisionConflict on 409 (same revision, other content)."""
        path = f"/reports/{quote(site, safe='')}/{quote(week, safe='')}"
        response = self._request("PUT", path, json=upload.model_dump(mode="json"), timeout=timeout, conflict_ok=True)
        if response.status_code == 409:
            body = response.json() if response.headers.get("content-type", "").startswith("application/json") else {}
            stored = body.get("stored_revision") if isinstance(body, dict) else None
            if not isinstance(stored, int):
                raise SyncRefused(_detail(response) or "The server refused the week as a conflict.", 409)
            raise RevisionConflict(_detail(response), stored)
        return self._parse(ReportAck, response)

    def put_slots(self, site: str, slots: SiteSlots, timeout: float | None = None) -> None:
        """Send a site's weekly slots (the whole list); raises SyncRefused (404 from a server of before, 403)."""
        path = f"/sites/{quote(site, safe='')}/slots"
        self._request("PUT", path, json=slots.model_dump(mode="json"), timeout=timeout)

    def post_flags(self, upload: DirectoryFlagsUpload, timeout: float | None = None) -> DirectoryFlagsAck:
        """Send advisors' flags of wrong directory entries; the server says which it kept (or refused)."""
        response = self._request("POST", "/directory/flags", json=upload.model_dump(mode="json"), timeout=timeout)
        return self._parse(DirectoryFlagsAck, response)

    def get_document(self, path: str, etag: str | None = None, timeout: float | None = None) -> Document:
        """A conditional GET (directory, codes): 304 when the ETag still matches, 204 when nothing is published."""
        headers = {"If-None-Match": etag} if etag else {}
        response = self._request("GET", path, headers=headers, timeout=timeout)
        if response.status_code in (204, 304):
            return Document(response.status_code, etag if response.status_code == 304 else None)
        try:
            body = response.json()
        except ValueError:
            raise SyncRefused(f"The server's answer to {path} could not be read.", response.status_code) from None
        return Document(response.status_code, response.headers.get("etag"), body)

    # -- one place that turns failures into typed errors ---------------------------------------
    def _request(
        self,
        method: str,
        path: str,
        json: Any = None,
        headers: dict[str, str] | None = None,
        timeout: float | None = None,
        is_enrollment: bool = False,
        conflict_ok: bool = False,
    ) -> httpx.Response:
        request_timeout: Any = httpx.USE_CLIENT_DEFAULT
        if timeout is not None:
            # Never wait past the caller's deadline; the connect phase keeps its own, shorter, limit.
            request_timeout = httpx.Timeout(min(15.0, timeout), connect=min(5.0, timeout))
        try:
            response = self._http.request(method, path, json=json, headers=headers, timeout=request_timeout)
        except httpx.TransportError as error:
            raise ServerUnreachable(
                f"The sync server {self.host} could not be reached: {_transport_reason(error, self._proxy_shown)}.",
                is_certificate_problem=_is_certificate_problem(error),
                is_proxy_problem=_is_proxy_problem(error, self._proxy_shown),
            ) from error
        self.server_date = _date_header(response)
        status = response.status_code
        if status < 300 or status == 304 or (conflict_ok and status == 409):
            return response
        if status in TRANSIENT_STATUSES or status >= 500:
            retry_after = parse_retry_after(response.headers.get("retry-after"))
            reason = "it is busy" if status in (429, 503) else f"it had an internal problem ({status})"
            raise ServerUnreachable(
                f"The sync server {self.host} could not take the request now: {reason}.", retry_after
            )
        if status == 401:
            if is_enrollment:
                raise EnrollmentRefused()
            if _reason(response) == "unknown_device":
                raise DeviceUnknown()
            raise DeviceRevoked()
        if status == 404 and not _detail(response):
            raise SyncRefused(f"{self.server_url} does not answer like a Neuvo statistics server.", status)
        detail = _detail(response) or f"The server refused the request ({status})."
        raise SyncRefused(detail, status)

    @staticmethod
    def _parse(model: type[Parsed], response: httpx.Response) -> Parsed:
        try:
            return model.model_validate(response.json())
        except (ValueError, ValidationError):
            raise SyncRefused("The server's answer could not be understood; is it a Neuvo server?") from None


def _reason(response: httpx.Response) -> str | None:
    """The machine-readable reason of a refusal (`{"detail": ..., "reason": ...}`), if the server gave one."""
    try:
        body = response.json()
    except ValueError:
        return None
    reason = body.get("reason") if isinstance(body, dict) else None
    return reason if isinstance(reason, str) else None


def _date_header(response: httpx.Response) -> datetime | None:
    text = response.headers.get("date")
    if not text:
        return None
    try:
        moment = parsedate_to_datetime(text)
    except (TypeError, ValueError):
        return None
    return moment if moment.tzinfo is not None else None
