"""Every setting, wherever it lives: the private ones inside the encrypted store, the rest in config.json."""

from __future__ import annotations

from typing import Any

from app.settings import SETTINGS, PlainConfig
from app.storage.database import Sessions
from app.storage.models import Setting


class SettingsService:
    """Every setting, wherever it lives: the private ones inside the encrypted store, the rest in config.json."""

    def __init__(self, sessions: Sessions, config: PlainConfig) -> None:
        self._sessions = sessions
        self.config = config

    def get(self, name: str) -> Any:
        spec = SETTINGS[name]
        if not spec.is_private:
            return self.config.get(name)
        with self._sessions() as session:
            row = session.get(Setting, name)
            return row.value if row is not None else spec.default

    def set(self, name: str, value: Any) -> None:
        spec = SETTINGS[name]
        value = spec.validate(value)
        if not spec.is_private:
            self.config.set(name, value)
            return
        with self._sessions() as session, session.begin():
            session.merge(Setting(key=name, value=value))
