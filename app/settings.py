"""Every user setting, declared once with its type, default, limits and fi/sv/en label.

Settings marked `is_private=False` live in a plain config.json beside the store because they are
needed before unlock (the unlock screen's language); everything else lives inside the encrypted store.
"""

from __future__ import annotations

import json
import locale
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from app.errors import BadInput
from app.files import write_atomically
from app.sync.proxy import check_proxy_address

UI_LANGUAGES = ("fi", "sv", "en")


@dataclass(frozen=True)
class SettingSpec:
    name: str
    kind: type
    default: Any
    labels: dict[str, str]
    is_private: bool = True
    minimum: int | None = None
    maximum: int | None = None
    choices: tuple[str, ...] | None = None
    # A further check of a text setting: returns the value as stored, or raises BadInput.
    check: Callable[[Any], Any] | None = None

    def validate(self, value: Any) -> Any:
        if self.kind is int:
            if isinstance(value, bool) or not isinstance(value, int):
                try:
                    value = int(value)
                except (TypeError, ValueError):
                    raise BadInput(
                        f"{self.name}: '{value}' is not a whole number.", self.name, reason="setting.not_number"
                    ) from None
            if self.minimum is not None and value < self.minimum:
                raise BadInput(
                    f"{self.name}: must be at least {self.minimum}.",
                    self.name,
                    reason="setting.too_small",
                    params={"minimum": self.minimum},
                )
            if self.maximum is not None and value > self.maximum:
                raise BadInput(
                    f"{self.name}: must be at most {self.maximum}.",
                    self.name,
                    reason="setting.too_large",
                    params={"maximum": self.maximum},
                )
        if self.choices is not None and value not in self.choices:
            raise BadInput(f"{self.name}: must be one of {', '.join(self.choices)}.", self.name)
        if self.check is not None:
            value = self.check(value)
        return value

    def label(self, language: str) -> str:
        return self.labels.get(language, self.labels["en"])


def system_ui_language() -> str:
    """fi, sv or en from the system locale; English when the locale is none of those."""
    try:
        code = (locale.getlocale()[0] or "").split("_")[0].lower()
    except ValueError:
        code = ""
    return code if code in UI_LANGUAGES else "en"


SETTINGS: dict[str, SettingSpec] = {
    spec.name: spec
    for spec in (
        SettingSpec(
            "ui_language",
            str,
            None,
            {"fi": "Käyttöliittymän kieli", "sv": "Gränssnittets språk", "en": "Interface language"},
            is_private=False,
            choices=UI_LANGUAGES,
        ),
        SettingSpec(
            "idle_lock_minutes",
            int,
            10,
            {"fi": "Lukitse, kun käyttämättä (min)", "sv": "Lås efter inaktivitet (min)", "en": "Lock when idle (min)"},
            minimum=1,
            maximum=240,
        ),
        SettingSpec(
            "directory_stale_months",
            int,
            12,
            {
                "fi": "Hakemiston tieto vanhentunut (kk)",
                "sv": "Katalogens uppgifter föråldrade (mån)",
                "en": "Directory entry out of date after (months)",
            },
            minimum=1,
            maximum=120,
        ),
        SettingSpec(
            "sync_interval_minutes",
            int,
            15,
            {
                "fi": "Lähetä tilastot palvelimelle (min välein)",
                "sv": "Skicka statistiken till servern (var n:e min)",
                "en": "Send statistics to the server every (min)",
            },
            minimum=1,
            maximum=1440,
        ),
        SettingSpec(
            "retention_months",
            int,
            13,
            {
                "fi": "Poista lähetetyt käynnit laitteelta (kk jälkeen)",
                "sv": "Radera skickade besök från datorn efter (mån)",
                "en": "Delete sent visits from this laptop after (months)",
            },
            minimum=1,
            maximum=120,
        ),
        SettingSpec(
            "sync_proxy",
            str,
            "",
            {
                "fi": "Välityspalvelin (proxy)",
                "sv": "Proxyserver",
                "en": "Proxy",
            },
            # Inside the encrypted store: a proxy address may carry the city's proxy password.
            check=check_proxy_address,
        ),
    )
}


class PlainConfig:
    """The few settings readable before unlock (config.json in the data folder)."""

    def __init__(self, data_dir: Path) -> None:
        self.path = data_dir / "config.json"

    def _read(self) -> dict[str, Any]:
        try:
            data = json.loads(self.path.read_text(encoding="utf-8"))
            return data if isinstance(data, dict) else {}
        except (OSError, ValueError):
            return {}

    def get(self, name: str) -> Any:
        spec = SETTINGS[name]
        value = self._read().get(name)
        try:
            return spec.validate(value) if value is not None else spec.default
        except BadInput:
            return spec.default

    def set(self, name: str, value: Any) -> None:
        spec = SETTINGS[name]
        data = self._read()
        data[name] = spec.validate(value)
        self.path.parent.mkdir(parents=True, exist_ok=True)
        write_atomically(self.path, json.dumps(data, indent=2))

    def ui_language(self, system_default: str | None = None) -> str:
        """The chosen interface language, else the system's (as the GUI toolkit reports it) if fi/sv/en."""
        chosen = self.get("ui_language")
        if chosen:
            return str(chosen)
        if system_default in UI_LANGUAGES:
            return str(system_default)
        return system_ui_language()
