"""The sync's proxy setting: an explicit address, stored encrypted in the store (Settings → Sync).

A proxy from the environment (HTTPS_PROXY and the like) or the system settings is never used silently: city IT
sets the one the network needs, and the sync goes through it only then. This module needs no network library, so
the settings can check an address without loading the sync.
"""

from __future__ import annotations

import ipaddress
import re
from urllib.parse import SplitResult, urlsplit

from app.errors import BadInput

PROXY_SCHEMES = ("http", "https")


def _refused() -> BadInput:
    # The address is not repeated: it may carry a user name and a password.
    return BadInput(
        "That is not a proxy address like http://proxy.example.fi:8080.", "proxy", reason="sync.proxy_address"
    )


def _parts(text: str) -> SplitResult:
    parts = urlsplit(text)
    if parts.port == 0:  # raises ValueError for a port that is not a number from 0 to 65535
        raise ValueError("port 0")  # no proxy listens there (and it would be shown as no port at all)
    return parts


_LABEL = re.compile(r"(?!-)[a-z0-9_-]{1,63}(?<!-)")  # a name's part: letters, digits, '-' inside ('_' on intranets)


def _is_host(name: str) -> bool:
    """A host name or an IP address (the brackets of an IPv6 one are already gone)."""
    try:
        ipaddress.ip_address(name)
        return True
    except ValueError:
        pass
    try:
        ascii_name = name.encode("idna").decode("ascii").lower()
    except UnicodeError:
        return False
    return all(_LABEL.fullmatch(label) for label in ascii_name.removesuffix(".").split("."))


def check_proxy_address(value: object) -> str:
    """The proxy as it is stored: "" for none (a direct connection), else `http://host:port` (a user name and a
    password may come before the host). A bare `host:port` is taken as http://; anything else is refused."""
    if value is None:
        return ""
    if not isinstance(value, str):
        raise _refused()
    text = value.strip()
    if not text:
        return ""
    if "://" not in text:
        text = "http://" + text
    try:
        parts = _parts(text)
    except ValueError:
        raise _refused() from None
    # No spaces, control or invisible characters (httpx refuses them only at the first request, every pass).
    is_clean = all(character.isprintable() and not character.isspace() for character in text)
    is_clean = is_clean and not (parts.query or parts.fragment)
    is_address = parts.scheme.lower() in PROXY_SCHEMES and _is_host(parts.hostname or "")
    if not is_address or parts.path not in ("", "/") or not is_clean:
        raise _refused()
    return text.rstrip("/")


def proxy_display(address: str) -> str:
    """The proxy without its user name and password, to show or to log."""
    if not address:
        return ""
    parts = urlsplit(address)
    host = parts.hostname or ""
    if ":" in host:  # an IPv6 address
        host = f"[{host}]"
    return f"{parts.scheme}://{host}" + (f":{parts.port}" if parts.port else "")
