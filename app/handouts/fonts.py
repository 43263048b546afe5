"""The fonts handouts are printed with, shipped in resources/fonts (Noto, OFL): every script of the handout
languages has real glyphs on any machine, whatever fonts the system has."""

from __future__ import annotations

from PySide6.QtGui import QFont, QFontDatabase

from app.paths import resources_dir

# Latin and Cyrillic first; Qt falls back to the next family for Arabic script and Chinese.
FAMILIES = ["Noto Sans", "Noto Sans Arabic", "Noto Sans CJK SC"]
_registered: list[str] = []


def register_fonts() -> list[str]:
    """Add the bundled fonts to Qt's font database once (a QGuiApplication must exist); their families."""
    if not _registered:
        for path in sorted((resources_dir() / "fonts").glob("*.ttf")):
            font_id = QFontDatabase.addApplicationFont(str(path))
            if font_id < 0:
                raise RuntimeError(f"Qt could not load the font {path.name}.")
            _registered.extend(QFontDatabase.applicationFontFamilies(font_id))
    return sorted(set(_registered))


def handout_font(point_size: float, bold: bool = False) -> QFont:
    register_fonts()
    font = QFont()
    font.setFamilies(FAMILIES)
    font.setPointSizeF(point_size)
    font.setBold(bold)
    font.setHintingPreference(QFont.HintingPreference.PreferNoHinting)
    return font
