"""Neuvo's licence and the licences of what it ships: the About box lists them, `make package` copies the
libraries' metadata into the bundle so that their versions show there too. tests/core/test_licences.py checks the
list against pyproject.toml's dependencies and the installed packages' own metadata."""

from __future__ import annotations

import importlib.metadata
import json
import sys
from dataclasses import dataclass
from functools import cache

from app import __version__
from app.paths import bundle_root

LICENCE = "EUPL-1.2"
# In the bundle: {distribution: version} as build.spec found them (the packages' own metadata is left out).
VERSIONS_FILE = "component-versions.json"


@dataclass(frozen=True)
class Component:
    name: str  # as shown
    licence: str  # SPDX expression under which Neuvo uses it
    distribution: str | None = None  # the Python package it comes in, for its version


COMPONENTS: tuple[Component, ...] = (
    Component("Python", "PSF-2.0"),
    # Qt and PySide6 are used under the LGPL: their libraries in the program folder may be replaced.
    Component("Qt", "LGPL-3.0-only"),
    Component("PySide6", "LGPL-3.0-only", "PySide6-Essentials"),
    Component("Shiboken6", "LGPL-3.0-only", "shiboken6"),
    Component("SQLCipher (sqlcipher3)", "Zlib AND BSD-3-Clause", "sqlcipher3-wheels"),
    Component("SQLAlchemy", "MIT", "SQLAlchemy"),
    Component("Alembic", "MIT", "alembic"),
    Component("Mako", "MIT", "Mako"),
    Component("MarkupSafe", "BSD-3-Clause", "MarkupSafe"),
    Component("cryptography", "Apache-2.0 OR BSD-3-Clause", "cryptography"),
    Component("cffi", "MIT-0", "cffi"),
    Component("platformdirs", "MIT", "platformdirs"),
    Component("pydantic", "MIT", "pydantic"),
    Component("pydantic-core", "MIT", "pydantic_core"),
    Component("annotated-types", "MIT", "annotated-types"),
    Component("typing-extensions", "PSF-2.0", "typing_extensions"),
    Component("typing-inspection", "MIT", "typing-inspection"),
    Component("openpyxl", "MIT", "openpyxl"),
    Component("et-xmlfile", "MIT", "et_xmlfile"),
    Component("pycountry", "LGPL-2.1-only", "pycountry"),
    Component("Babel", "BSD-3-Clause", "babel"),
    Component("python-stdnum", "LGPL-2.1-or-later", "python-stdnum"),
    Component("phonenumbers", "Apache-2.0", "phonenumbers"),
    Component("zxcvbn", "MIT", "zxcvbn"),
    Component("tzdata", "Apache-2.0", "tzdata"),
    Component("RapidFuzz", "MIT", "rapidfuzz"),
    Component("python-dateutil", "BSD-3-Clause", "python-dateutil"),
    Component("pyproj", "MIT", "pyproj"),
    Component("PROJ", "MIT"),
    Component("certifi", "MPL-2.0", "certifi"),
    Component("ijson", "BSD-3-Clause AND ISC", "ijson"),
    Component("snowballstemmer", "BSD-3-Clause", "snowballstemmer"),
    Component("qrcode", "BSD-3-Clause", "qrcode"),
    Component("filelock", "MIT", "filelock"),
    Component("inscriptis", "Apache-2.0", "inscriptis"),
    Component("lxml", "BSD-3-Clause", "lxml"),
    Component("libxml2, libxslt (in lxml)", "MIT"),
    Component("HTTPX", "BSD-3-Clause", "httpx"),
    Component("HTTP Core", "BSD-3-Clause", "httpcore"),
    Component("h11", "MIT", "h11"),
    Component("AnyIO", "MIT", "anyio"),
    Component("idna", "BSD-3-Clause", "idna"),
    Component("truststore", "MIT", "truststore"),
    Component("OpenSSL", "Apache-2.0"),
    Component("ICU", "Unicode-DFS-2016"),  # in the Linux build of Qt
    Component("Noto Sans fonts", "OFL-1.1"),
)


def component_version(component: Component) -> str:
    """The version shipped, or "" where it cannot be told (a library whose metadata the bundle lacks)."""
    if component.name == "Python":
        return ".".join(str(part) for part in sys.version_info[:3])
    if component.name == "Qt":
        try:
            from PySide6.QtCore import qVersion
        except ImportError:
            return ""
        return str(qVersion())
    if component.name == "OpenSSL":
        import ssl

        return ssl.OPENSSL_VERSION.split()[1] if ssl.OPENSSL_VERSION.startswith("OpenSSL ") else ""
    if component.distribution is None:
        return ""
    try:
        return importlib.metadata.version(component.distribution)
    except importlib.metadata.PackageNotFoundError:
        return str(_bundled_versions().get(component.distribution, ""))


@cache
def _bundled_versions() -> dict[str, str]:
    try:
        versions = json.loads((bundle_root() / VERSIONS_FILE).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return versions if isinstance(versions, dict) else {}


def components() -> list[tuple[str, str, str]]:
    """(name, version, licence) of everything Neuvo ships, Neuvo first."""
    return [("Neuvo", __version__, LICENCE)] + [
        (component.name, component_version(component), component.licence) for component in COMPONENTS
    ]


def distributions() -> list[str]:
    """The Python packages whose metadata the bundle carries (build.spec)."""
    return [component.distribution for component in COMPONENTS if component.distribution]
