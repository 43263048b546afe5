"""The About box's list of what Neuvo ships: every runtime dependency of the desk app is in it, under the licence
its own metadata states."""

from __future__ import annotations

import importlib.metadata
import re
import tomllib
from pathlib import Path

from app import __version__
from app.licences import COMPONENTS, LICENCE, components

PYPROJECT = Path(__file__).resolve().parents[2] / "pyproject.toml"
# The central server's libraries: pyproject.toml installs them too, the desk bundle leaves them out (build.spec).
UNVERSIONED = ("PROJ", "ICU", "Noto Sans fonts", "libxml2, libxslt (in lxml)")  # inside another package
SERVER_ONLY = {"fastapi", "uvicorn", "argon2-cffi", "psycopg", "python-multipart", "scipy", "jinja2"}


def canonical(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()


def test_every_desk_dependency_is_listed() -> None:
    declared = tomllib.loads(PYPROJECT.read_text(encoding="utf-8"))["project"]["dependencies"]
    names = {canonical(re.split(r"[<>=!~\[; ]", line, maxsplit=1)[0]) for line in declared}
    listed = {canonical(component.distribution) for component in COMPONENTS if component.distribution}
    assert names - SERVER_ONLY - listed == set()


def test_each_licence_is_the_one_the_package_states() -> None:
    for component in COMPONENTS:
        if component.distribution is None:
            continue
        metadata = importlib.metadata.metadata(component.distribution)
        expression = metadata.get("License-Expression")
        if expression:  # an SPDX expression: exactly the one listed
            assert expression == component.licence, (component, expression)
            continue
        # An older free-text field or a classifier ("MIT", "BSD", "LGPL", "zlib/libpng", PySide6's choice of
        # LGPL-3.0-only OR GPL-...): the listed licence's family must be named there.
        stated = " ".join([metadata.get("License") or "", *(metadata.get_all("Classifier") or [])])
        family = re.split(r"[- ]", component.licence)[0]
        assert family.lower() in stated.lower(), (component, stated)


def test_the_list_starts_with_neuvo_and_knows_each_version_here() -> None:
    rows = components()
    assert rows[0] == ("Neuvo", __version__, LICENCE)
    missing = [name for name, version, _ in rows if not version and name not in UNVERSIONED]
    assert missing == []


def test_in_the_bundle_the_versions_come_from_the_file_build_spec_writes(tmp_path: Path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    import json

    from app import licences

    (tmp_path / licences.VERSIONS_FILE).write_text(json.dumps({"SQLAlchemy": "2.1.9"}), encoding="utf-8")

    def no_metadata(name: str) -> str:
        raise importlib.metadata.PackageNotFoundError(name)

    monkeypatch.setattr(licences, "bundle_root", lambda: tmp_path)
    monkeypatch.setattr(licences.importlib.metadata, "version", no_metadata)
    licences._bundled_versions.cache_clear()
    try:
        rows = {name: version for name, version, _ in licences.components()}
    finally:
        licences._bundled_versions.cache_clear()
    assert rows["SQLAlchemy"] == "2.1.9"
    assert rows["HTTPX"] == "", "a version the bundle does not know is left blank, never guessed"
