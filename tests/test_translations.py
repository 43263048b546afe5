"""Finnish, Swedish and English stay complete: every string in the UI code has a translation."""

from __future__ import annotations

import subprocess
import sys
import xml.etree.ElementTree as ElementTree
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
LANGUAGES = ("fi", "sv", "en")


def _messages(path: Path) -> dict[tuple[str, str], ElementTree.Element]:
    tree = ElementTree.parse(path)
    found = {}
    for context in tree.iter("context"):
        name = context.findtext("name") or ""
        for message in context.iter("message"):
            found[(name, message.findtext("source") or "")] = message
    return found


@pytest.fixture(scope="module")
def strings_in_code(tmp_path_factory: pytest.TempPathFactory) -> set[tuple[str, str]]:
    """What pyside6-lupdate extracts from the UI code right now."""
    target = tmp_path_factory.mktemp("lupdate") / "current.ts"
    sources = sorted(str(path) for path in (ROOT / "app" / "ui").rglob("*.py"))
    lupdate = Path(sys.executable).parent / "pyside6-lupdate"
    subprocess.run(
        [str(lupdate), "-silent", "-locations", "none", *sources, "-ts", str(target)], check=True, capture_output=True
    )
    return set(_messages(target))


@pytest.mark.parametrize("language", LANGUAGES)
def test_every_ui_string_is_translated(language: str, strings_in_code: set[tuple[str, str]]) -> None:
    messages = _messages(ROOT / "translations" / f"neuvo_{language}.ts")
    missing = sorted(strings_in_code - set(messages))
    assert not missing, f"not in neuvo_{language}.ts (run make lupdate): {missing[:10]}"
    unfinished = []
    for key in strings_in_code:
        translation = messages[key].find("translation")
        forms = translation.findall("numerusform") if translation is not None else []
        text = "".join(form.text or "" for form in forms) if forms else (translation.text or "")
        if translation is None or translation.get("type") in ("unfinished", "vanished", "obsolete") or not text:
            unfinished.append(key)
    assert not unfinished, f"untranslated in neuvo_{language}.ts: {sorted(unfinished)[:10]}"


@pytest.mark.parametrize("language", ("fi", "sv"))
def test_placeholders_survive_translation(language: str) -> None:
    for (_, source), message in _messages(ROOT / "translations" / f"neuvo_{language}.ts").items():
        element = message.find("translation")
        forms = [form.text or "" for form in element.findall("numerusform")] if element is not None else []
        for translation in forms or [message.findtext("translation") or ""]:  # every plural form keeps them
            for placeholder in ("%1", "%2", "%n"):
                if placeholder in source and translation:
                    assert placeholder in translation, f"{placeholder} lost in {language}: {source!r} → {translation!r}"
