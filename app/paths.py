"""Where Neuvo finds its bundled resources and keeps its data."""

from __future__ import annotations

import os
import sys
from pathlib import Path

import platformdirs

APP_NAME = "Neuvo"


def bundle_root() -> Path:
    """The folder holding resources/ and translations/ (the repository, or a PyInstaller bundle)."""
    frozen = getattr(sys, "_MEIPASS", None)
    if frozen:
        return Path(frozen)
    return Path(__file__).resolve().parent.parent


def resources_dir() -> Path:
    return bundle_root() / "resources"


def translations_dir() -> Path:
    return bundle_root() / "translations"


def default_data_dir() -> Path:
    override = os.environ.get("NEUVO_DATA_DIR")
    if override:
        return Path(override)
    return Path(platformdirs.user_data_dir(APP_NAME, appauthor=False))
