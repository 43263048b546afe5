"""City networks: certificates checked against the operating system's trust store, and an explicit proxy.

A real server process serves HTTPS with a certificate from a private CA (as a city's TLS inspection or its own CA
would). The trust store is OpenSSL's on Linux, which the test controls with SSL_CERT_FILE (truststore reads it as
the system's). A real HTTP CONNECT proxy on 127.0.0.1 tunnels to the server; it alone knows the name
`stats.neuvo.test` (as a city's proxy resolves names a laptop cannot), so a sync that reaches that name went
through it. The sync uses the proxy only when Settings → Sync says so, never one from the environment.
"""

from __future__ import annotations

import asyncio
import base64
import contextlib
import os
import ssl
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import httpx
import pytest
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import ec

from app.desk import Desk
from app.errors import BadInput, ServerUnreachable
from app.sync.client import SyncClient
from app.visits import VisitInput
from tests.server_process import DATABASE_OF, enrollment_code, free_port, server_environment, stored_totals
from tests.sync.test_tls import _certificate

PROXY_ONLY_NAME = "stats.neuvo.test"
PROXY_USER, PROXY_PASSWORD = "city-desk", "s3cret-Proxy-Pw"
ENVIRONMENT_PROXIES = ("HTTPS_PROXY", "https_proxy", "HTTP_PROXY", "http_proxy", "ALL_PROXY", "all_proxy")


# -- the parts: a private CA, the real server over HTTPS, a real CONNECT proxy ---------------------------------
@dataclass(frozen=True)
class TlsServer:
    port: int
    ca_file: Path
    database_url: str

    def url(self, host: str = "localhost") -> str:
        return f"https://{host}:{self.port}"


@pytest.fixture(scope="module")
def tls_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[TlsServer]:
    """`neuvo-server`'s app under uvicorn with TLS, its certificate from "Example City CA" (not publicly trusted)."""
    folder = tmp_path_factory.mktemp("city-tls")
    ca_key, server_key = ec.generate_private_key(ec.SECP256R1()), ec.generate_private_key(ec.SECP256R1())
    ca = _certificate("Example City CA", ca_key, ca_key.public_key(), "Example City CA", is_ca=True)
    leaf = _certificate(
        "localhost", ca_key, server_key.public_key(), "Example City CA", is_ca=False, names=(PROXY_ONLY_NAME,)
    )
    ca_file, cert_file, key_file = folder / "city-ca.pem", folder / "server.pem", folder / "server.key"
    ca_file.write_bytes(ca.public_bytes(serialization.Encoding.PEM))
    cert_file.write_bytes(leaf.public_bytes(serialization.Encoding.PEM))
    key_file.write_bytes(
        server_key.private_bytes(
            serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
        )
    )
    database_url = f"sqlite:///{folder / 'server.db'}"
    port = free_port()
    serve = (
        "import sys, uvicorn; from server.app import create_app; "
        "uvicorn.run(create_app(sys.argv[1]), host='127.0.0.1', port=int(sys.argv[2]), ssl_certfile=sys.argv[3], "
        "ssl_keyfile=sys.argv[4], log_level='warning')"
    )
    log = (folder / "server.log").open("wb")
    process = subprocess.Popen(
        [sys.executable, "-c", serve, database_url, str(port), str(cert_file), str(key_file)],
        env=server_environment(database_url),
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    try:
        verify = ssl.create_default_context(cafile=str(ca_file))
        deadline = time.monotonic() + 30
        while True:
            assert process.poll() is None, (folder / "server.log").read_text()
            try:
                if httpx.get(f"https://localhost:{port}/api/v1/health", verify=verify, timeout=1).status_code == 200:
                    break
            except httpx.TransportError:
                if time.monotonic() > deadline:
                    raise
                time.sleep(0.1)
        served = TlsServer(port, ca_file, database_url)
        DATABASE_OF[served.url()] = database_url
        yield served
    finally:
        process.terminate()
        process.wait(timeout=10)
        log.close()


@dataclass
class ConnectProxy:
    """An HTTP CONNECT proxy on 127.0.0.1 that tunnels TLS to the host asked for. Names in `names` resolve to the
    address given; `credentials` (user, password) makes it require Basic proxy authentication (407 otherwise)."""

    names: dict[str, str]
    credentials: tuple[str, str] | None = None
    tunnels: list[str] = field(default_factory=list)  # every CONNECT target it opened
    refused: list[str] = field(default_factory=list)  # every CONNECT it answered 407
    port: int = 0

    def __enter__(self) -> ConnectProxy:
        ready = threading.Event()
        self._loop = asyncio.new_event_loop()

        def run() -> None:
            asyncio.set_event_loop(self._loop)
            self._server = self._loop.run_until_complete(asyncio.start_server(self._serve, "127.0.0.1", 0))
            self.port = self._server.sockets[0].getsockname()[1]
            ready.set()
            self._loop.run_forever()

        self._thread = threading.Thread(target=run, daemon=True)
        self._thread.start()
        assert ready.wait(10)
        return self

    def __exit__(self, *exc_info: object) -> None:
        async def close() -> None:
            self._server.close()
            await self._server.wait_closed()

        asyncio.run_coroutine_threadsafe(close(), self._loop).result(10)
        self._loop.call_soon_threadsafe(self._loop.stop)
        self._thread.join(10)
        self._loop.close()

    def url(self, with_credentials: bool = False) -> str:
        if with_credentials and self.credentials:
            return f"http://{self.credentials[0]}:{self.credentials[1]}@127.0.0.1:{self.port}"
        return f"http://127.0.0.1:{self.port}"

    async def _serve(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        try:
            request = (await reader.readline()).decode("latin-1").split()
            headers: dict[str, str] = {}
            while (line := (await reader.readline()).decode("latin-1").strip()) != "":
                name, _, value = line.partition(":")
                headers[name.strip().lower()] = value.strip()
            if len(request) != 3 or request[0] != "CONNECT":
                writer.write(b"HTTP/1.1 405 Method Not Allowed\r\nContent-Length: 0\r\n\r\n")
                return
            target = request[1]
            if self.credentials is not None:
                expected = "Basic " + base64.b64encode(":".join(self.credentials).encode()).decode()
                if headers.get("proxy-authorization") != expected:
                    self.refused.append(target)
                    writer.write(b"HTTP/1.1 407 Proxy Authentication Required\r\nContent-Length: 0\r\n\r\n")
                    return
            host, _, port = target.rpartition(":")
            try:
                upstream_reader, upstream_writer = await asyncio.open_connection(self.names.get(host, host), int(port))
            except OSError:
                writer.write(b"HTTP/1.1 502 Bad Gateway\r\nContent-Length: 0\r\n\r\n")
                return
            self.tunnels.append(target)
            writer.write(b"HTTP/1.1 200 Connection established\r\n\r\n")
            await writer.drain()
            await asyncio.gather(_pipe(reader, upstream_writer), _pipe(upstream_reader, writer))
        finally:
            with contextlib.suppress(Exception):
                await writer.drain()
                writer.close()


async def _pipe(source: asyncio.StreamReader, target: asyncio.StreamWriter) -> None:
    try:
        while data := await source.read(65536):
            target.write(data)
            await target.drain()
    except (ConnectionError, OSError):
        pass
    finally:
        with contextlib.suppress(Exception):
            target.close()


@pytest.fixture
def proxy(tls_server: TlsServer) -> Iterator[ConnectProxy]:
    with ConnectProxy({PROXY_ONLY_NAME: "127.0.0.1"}) as running:
        yield running


@pytest.fixture
def city_trust_store(tls_server: TlsServer, monkeypatch: pytest.MonkeyPatch) -> Path:
    """The city's CA installed in the system trust store (OpenSSL's, via SSL_CERT_FILE, as truststore reads it)."""
    monkeypatch.setenv("SSL_CERT_FILE", str(tls_server.ca_file))
    return tls_server.ca_file


@pytest.fixture
def environment_proxies(proxy: ConnectProxy, monkeypatch: pytest.MonkeyPatch) -> None:
    """Proxies set in the environment, as a city laptop's login script might: the sync must not take them."""
    for name in ENVIRONMENT_PROXIES:
        monkeypatch.setenv(name, proxy.url())
    monkeypatch.delenv("NO_PROXY", raising=False)
    monkeypatch.delenv("no_proxy", raising=False)


def desk_with_a_visit(store: object) -> Desk:
    desk = Desk(store)  # type: ignore[arg-type]
    desk.visits.add(VisitInput(topics=("housing",), languages=("ar",)))
    return desk


# -- the trust store ---------------------------------------------------------------------------------------------
def test_a_ca_in_the_system_trust_store_is_trusted_without_a_bundle(
    tls_server: TlsServer, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    empty = tmp_path / "no-certificates"
    empty.mkdir()
    monkeypatch.setenv("SSL_CERT_DIR", str(empty))
    monkeypatch.setenv("SSL_CERT_FILE", str(empty / "none.pem"))  # a trust store without the city's CA
    with SyncClient(tls_server.url()) as client, pytest.raises(ServerUnreachable) as refused:
        client.health()
    assert refused.value.kind == "certificate"
    assert "not trusted by this computer" in str(refused.value)

    monkeypatch.setenv("SSL_CERT_FILE", str(tls_server.ca_file))  # IT installs the CA in the system store
    with SyncClient(tls_server.url()) as client:
        assert client.health()["status"] == "ok"


def test_a_ca_bundle_given_at_enrollment_is_trusted_besides_the_system_store(
    tls_server: TlsServer, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.setenv("SSL_CERT_FILE", str(tmp_path / "none.pem"))
    monkeypatch.setenv("SSL_CERT_DIR", str(tmp_path))
    pem = tls_server.ca_file.read_text(encoding="utf-8")
    with SyncClient(tls_server.url(), ca_bundle=pem) as client:
        assert client.health()["status"] == "ok"


# -- the proxy ---------------------------------------------------------------------------------------------------
def test_the_sync_goes_through_the_proxy_only_when_the_setting_says_so(  # type: ignore[no-untyped-def]
    store, tls_server: TlsServer, proxy: ConnectProxy, city_trust_store: Path, environment_proxies: None
) -> None:
    desk = desk_with_a_visit(store)
    sync = desk.sync()
    site = desk.sites.default().name
    url = tls_server.url(PROXY_ONLY_NAME)

    # Proxies in the environment are not used: the name is unknown without the proxy, so enrolling fails.
    with pytest.raises(ServerUnreachable):
        sync.enroll(url, enrollment_code(tls_server.database_url, site))
    assert proxy.tunnels == [], "the environment's proxy was never used"

    desk.settings.set("sync_proxy", proxy.url())
    sync.enroll(url, enrollment_code(tls_server.database_url, site))
    result = sync.sync_once(deadline_seconds=20)

    assert result.is_everything_acknowledged
    assert proxy.tunnels and set(proxy.tunnels) == {f"{PROXY_ONLY_NAME}:{tls_server.port}"}
    stored = stored_totals(tls_server.url(), result_week(desk), result_week(desk))
    assert stored[(site, result_week(desk))][("total", "visits")] == 1

    desk.settings.set("sync_proxy", "")  # back to a direct connection: the proxy-only name is unreachable again
    tunnels = len(proxy.tunnels)
    with pytest.raises(ServerUnreachable):
        sync.sync_once(deadline_seconds=3)
    assert len(proxy.tunnels) == tunnels


def result_week(desk: Desk) -> str:
    from app.weeks import now_utc, week_of

    return week_of(now_utc())


def test_a_proxy_with_a_password_is_authenticated_and_the_password_is_stored_encrypted(  # type: ignore[no-untyped-def]
    store, tls_server: TlsServer, city_trust_store: Path
) -> None:
    desk = desk_with_a_visit(store)
    site = desk.sites.default().name
    with ConnectProxy({PROXY_ONLY_NAME: "127.0.0.1"}, credentials=(PROXY_USER, PROXY_PASSWORD)) as proxy:
        desk.settings.set("sync_proxy", proxy.url())  # without the credentials: the proxy says 407
        sync = desk.sync()
        with pytest.raises(ServerUnreachable) as refused:
            sync.enroll(tls_server.url(PROXY_ONLY_NAME), enrollment_code(tls_server.database_url, site))
        assert refused.value.kind == "proxy"
        assert "the proxy http://127.0.0.1:" in str(refused.value) and "refused" in str(refused.value)
        assert proxy.refused and not proxy.tunnels

        desk.settings.set("sync_proxy", proxy.url(with_credentials=True))
        sync.enroll(tls_server.url(PROXY_ONLY_NAME), enrollment_code(tls_server.database_url, site))
        assert sync.sync_once(deadline_seconds=20).is_everything_acknowledged
        assert proxy.tunnels

    assert desk.settings.get("sync_proxy") == proxy.url(with_credentials=True)
    for path in desk.data_dir.iterdir():
        if path.is_file():
            content = path.read_bytes()
            assert PROXY_PASSWORD.encode() not in content, f"{path.name} holds the proxy password in plain text"
            assert PROXY_USER.encode() not in content, f"{path.name} holds the proxy user in plain text"


def test_a_proxy_that_cannot_be_reached_is_named_without_its_password(tls_server: TlsServer) -> None:
    closed = free_port()
    proxy = f"http://user:{PROXY_PASSWORD}@127.0.0.1:{closed}"
    with (
        SyncClient(tls_server.url(PROXY_ONLY_NAME), proxy=proxy) as client,
        pytest.raises(ServerUnreachable) as unreachable,
    ):
        client.health(timeout=5)
    assert unreachable.value.kind == "proxy"
    assert f"the proxy http://127.0.0.1:{closed} could not be reached" in str(unreachable.value)
    assert PROXY_PASSWORD not in str(unreachable.value)


def test_this_computer_itself_is_reached_directly_even_with_a_proxy(
    tls_server: TlsServer, proxy: ConnectProxy, city_trust_store: Path
) -> None:
    with SyncClient(tls_server.url("localhost"), proxy=proxy.url()) as client:
        assert client.health()["status"] == "ok"
    assert proxy.tunnels == []


@pytest.mark.parametrize(
    "typed, stored",
    [
        ("", ""),
        ("  ", ""),
        ("proxy.city.fi:8080", "http://proxy.city.fi:8080"),
        ("http://proxy.city.fi:8080/", "http://proxy.city.fi:8080"),
        ("https://user:pass@[2001:db8::1]:3128", "https://user:pass@[2001:db8::1]:3128"),
        ("prøxy.kaupunki.fi:8080", "http://prøxy.kaupunki.fi:8080"),
        ("proxy_1.city.local:3128", "http://proxy_1.city.local:3128"),
        ("10.0.0.1:8080", "http://10.0.0.1:8080"),
    ],
)
def test_a_proxy_address_is_stored_as_typed_or_completed(store, typed: str, stored: str) -> None:  # type: ignore[no-untyped-def]
    desk = Desk(store)
    desk.settings.set("sync_proxy", typed)
    assert desk.settings.get("sync_proxy") == stored


@pytest.mark.parametrize(
    "typed",
    [
        "ftp://proxy.city.fi",
        "http://",
        "http://proxy.city.fi:99999",
        "http://proxy.city.fi/path",
        "a b:80",
        "http://user:pw@proxy.city.fi:0",  # review: port 0 was stored (and shown as plain http://proxy.city.fi)
        "proxy.city.fi:0",
        "http://-",  # review: host names no proxy can have were stored
        "http://user:pw@a..b:8080",
        "-proxy-.city.fi:8080",
        "http://user:pa\x00ss@proxy.city.fi:8080",  # review: stored, then every sync pass failed in httpx
        "http://user:pa\x1bss@proxy.city.fi:8080",
        "http://user:pa\u200bss@proxy.city.fi:8080",
    ],
)
def test_a_bad_proxy_address_is_refused_and_changes_nothing(store, typed: str) -> None:  # type: ignore[no-untyped-def]
    desk = Desk(store)
    desk.settings.set("sync_proxy", "http://proxy.city.fi:8080")
    with pytest.raises(BadInput) as refused:
        desk.settings.set("sync_proxy", typed)
    assert refused.value.reason == "sync.proxy_address"
    assert str(refused.value) == "That is not a proxy address like http://proxy.example.fi:8080."
    assert desk.settings.get("sync_proxy") == "http://proxy.city.fi:8080"



# -- the command line: `neuvo sync proxy` ---------------------------------------------------------------------------
def test_the_command_line_sets_shows_and_clears_the_proxy_and_enrolls_through_it(
    tls_server: TlsServer, city_trust_store: Path, environment_proxies: None, proxy: ConnectProxy,
    tmp_path: Path, passphrase_file: Path,
) -> None:  # fmt: skip
    from tests.test_cli import neuvo

    data = tmp_path / "desk"
    site = f"Kontula {os.getpid()}"
    assert neuvo("init", "--site", site, "--data-dir", data, passphrase_file=passphrase_file).code == 0
    shown = neuvo("sync", "proxy", "--data-dir", data, passphrase_file=passphrase_file)
    assert (shown.code, shown.stdout) == (0, "direct\n"), "environment proxies are not the setting"

    with_password = f"http://{PROXY_USER}:{PROXY_PASSWORD}@127.0.0.1:{proxy.port}"
    stored = neuvo("sync", "proxy", with_password, "--data-dir", data, passphrase_file=passphrase_file)
    assert (stored.code, stored.stdout) == (0, f"http://127.0.0.1:{proxy.port}\n"), "never the password"
    enrolled = neuvo(
        "sync", "enroll", "--server", tls_server.url(PROXY_ONLY_NAME),
        "--code", enrollment_code(tls_server.database_url, site), "--data-dir", data, passphrase_file=passphrase_file,
    )  # fmt: skip
    assert enrolled.code == 0, enrolled.stderr
    assert proxy.tunnels == [f"{PROXY_ONLY_NAME}:{tls_server.port}"]

    bad = neuvo("sync", "proxy", "ftp://proxy.city.fi", "--data-dir", data)  # refused before the passphrase
    assert (bad.code, bad.stdout) == (2, "")
    assert bad.stderr == "neuvo: error: That is not a proxy address like http://proxy.example.fi:8080.\n"
    cleared = neuvo("sync", "proxy", "--direct", "--data-dir", data, passphrase_file=passphrase_file)
    assert (cleared.code, cleared.stdout) == (0, "direct\n")


def test_the_command_line_reads_a_proxy_with_a_password_from_standard_input(  # type: ignore[no-untyped-def]
    tmp_path: Path, passphrase_file: Path
) -> None:
    """Review: `neuvo sync proxy http://user:password@…` put the password in the shell's history and the process
    list; `-` reads the address from standard input instead."""
    import subprocess

    from tests.test_cli import NEUVO, neuvo

    data = tmp_path / "desk"
    assert neuvo("init", "--site", "Kontula", "--data-dir", data, passphrase_file=passphrase_file).code == 0
    command = [str(NEUVO), "sync", "proxy", "-", "--data-dir", str(data), "--passphrase-file", str(passphrase_file)]
    given = subprocess.run(
        command, input="http://aino:S3cret-pw@proxy.city.fi:8080\n", capture_output=True, text=True, timeout=120
    )
    assert (given.returncode, given.stdout, given.stderr) == (0, "http://proxy.city.fi:8080\n", "")
    shown = neuvo("sync", "proxy", "--data-dir", data, passphrase_file=passphrase_file)
    assert shown.stdout == "http://proxy.city.fi:8080\n"
    empty = neuvo("sync", "proxy", "-", "--data-dir", data)  # nothing on standard input: refused, nothing changes
    assert (empty.code, empty.stdout) == (2, "")
    assert empty.stderr == "neuvo: error: sync proxy -: no address on standard input (--direct removes the proxy).\n"
    from app.storage.database import Database

    database = Database(data)
    database.unlock(passphrase_file.read_text().strip())
    try:
        assert Desk(database).settings.get("sync_proxy") == "http://aino:S3cret-pw@proxy.city.fi:8080"
    finally:
        database.lock()
