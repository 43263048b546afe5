"""The app's colours: one light palette that meets WCAG 2.1 AA, and the app-wide style that uses it.

Text is at least 4.5:1 against what it is drawn on (muted and disabled text too: a form waiting for a session
is still readable), the edges of controls and the focus ring at least 3:1 (WCAG 1.4.11). The numbers are
checked by tests/ui/test_contrast.py, computed from these values and from the style sheets.
"""

from __future__ import annotations

from app.paths import resources_dir
from app.ui.qt import QApplication, QColor, QFont, QFontInfo, QPalette

COLOURS: dict[str, str] = {
    "window": "#f3f4f6",
    "base": "#ffffff",
    "alternate-base": "#eef1f4",
    "text": "#1b1f24",
    "window-text": "#1b1f24",
    "button": "#ffffff",
    "button-text": "#1b1f24",
    "bright-text": "#ffffff",
    "light": "#ffffff",
    "midlight": "#d3d8de",  # card and divider lines: decoration, not the edge of a control
    "mid": "#6b7280",  # the edge of an input or an unchecked choice: 4.8:1 on white
    "dark": "#4b5563",
    "shadow": "#1f2937",
    "highlight": "#1d5fa6",  # checked choices, selection, the primary button: white text 6.5:1
    "highlighted-text": "#ffffff",
    "placeholder-text": "#535b67",  # muted text and hints: 6.6:1 on white, 5.8:1 on the window colour
    "link": "#1d5fa6",
    "tooltip-base": "#1b1f24",
    "tooltip-text": "#ffffff",
    # Disabled: still readable, but flat (no edge) so it reads as not available.
    "disabled-text": "#5b6470",
    "disabled-button": "#eceef1",
}
PRIMARY_HOVER = "#174b84"  # darker than the primary button, never greyer (a grey looks disabled)
FOCUS_RING = "#000000"  # 2 px around every focused control: 21:1 on white, 3.3:1 on a checked choice

_ROLES = {
    "window": QPalette.ColorRole.Window,
    "base": QPalette.ColorRole.Base,
    "alternate-base": QPalette.ColorRole.AlternateBase,
    "text": QPalette.ColorRole.Text,
    "window-text": QPalette.ColorRole.WindowText,
    "button": QPalette.ColorRole.Button,
    "button-text": QPalette.ColorRole.ButtonText,
    "bright-text": QPalette.ColorRole.BrightText,
    "light": QPalette.ColorRole.Light,
    "midlight": QPalette.ColorRole.Midlight,
    "mid": QPalette.ColorRole.Mid,
    "dark": QPalette.ColorRole.Dark,
    "shadow": QPalette.ColorRole.Shadow,
    "highlight": QPalette.ColorRole.Highlight,
    "highlighted-text": QPalette.ColorRole.HighlightedText,
    "placeholder-text": QPalette.ColorRole.PlaceholderText,
    "link": QPalette.ColorRole.Link,
    "tooltip-base": QPalette.ColorRole.ToolTipBase,
    "tooltip-text": QPalette.ColorRole.ToolTipText,
}

# Every app-wide rule: the focus ring on every kind of control, the clear checked state of choice buttons
# (also in the settings and the setup wizard), the primary button.
APP_STYLE = f"""
QPushButton:focus, QToolButton:focus {{ outline: none; }}
QScrollBar:vertical {{ background: {COLOURS["window"]}; width: 12px; margin: 0; }}
QScrollBar:horizontal {{ background: {COLOURS["window"]}; height: 12px; margin: 0; }}
QScrollBar::handle {{
    background: {COLOURS["mid"]}; border-radius: 4px; margin: 2px; min-height: 24px; min-width: 24px;
}}
QScrollBar::add-line, QScrollBar::sub-line {{ width: 0; height: 0; }}
QScrollBar::add-page, QScrollBar::sub-page {{ background: transparent; }}
QLineEdit, QPlainTextEdit, QTextEdit, QSpinBox, QTimeEdit, QDateEdit {{
    border: 1px solid {COLOURS["mid"]}; border-radius: 4px; padding: 2px 4px; background: {COLOURS["base"]};
}}
QLineEdit:focus, QPlainTextEdit:focus, QTextEdit:focus, QSpinBox:focus, QTimeEdit:focus, QDateEdit:focus {{
    border: 2px solid {FOCUS_RING}; padding: 1px 3px;
}}
QAbstractSpinBox {{ padding-right: 18px; }}
QAbstractSpinBox:focus {{ padding-right: 17px; }}
QAbstractSpinBox::up-button, QAbstractSpinBox::down-button {{
    subcontrol-origin: border; width: 16px; border: none; background: transparent;
}}
QAbstractSpinBox::up-button {{ subcontrol-position: top right; }}
QAbstractSpinBox::down-button {{ subcontrol-position: bottom right; }}
QAbstractSpinBox::up-arrow {{ image: url(ICONS/arrow-up.svg); width: 10px; height: 6px; }}
QAbstractSpinBox::down-arrow {{ image: url(ICONS/arrow-down.svg); width: 10px; height: 6px; }}
QAbstractSpinBox::up-arrow:disabled, QAbstractSpinBox::up-arrow:off {{ image: none; }}
QAbstractSpinBox::down-arrow:disabled, QAbstractSpinBox::down-arrow:off {{ image: none; }}
QLineEdit:disabled, QSpinBox:disabled, QTimeEdit:disabled, QDateEdit:disabled {{
    background: {COLOURS["disabled-button"]}; color: {COLOURS["disabled-text"]}; border-color: {COLOURS["midlight"]};
}}
QComboBox:focus {{ border: 2px solid {FOCUS_RING}; border-radius: 4px; }}
QListView:focus, QTableView:focus, QTreeView:focus, QTextBrowser:focus, QScrollArea:focus {{
    border: 2px solid {FOCUS_RING};
}}
QCheckBox:focus, QRadioButton:focus {{ border: 2px solid {FOCUS_RING}; border-radius: 4px; padding: 1px 3px; }}
QCheckBox, QRadioButton {{ padding: 3px 5px; border: 2px solid transparent; }}
QPushButton {{
    background: {COLOURS["button"]}; color: {COLOURS["button-text"]}; border: 1px solid {COLOURS["mid"]};
    border-radius: 5px; padding: 4px 12px;
}}
QPushButton:hover {{ border-color: {COLOURS["highlight"]}; }}
QPushButton:focus {{ border: 2px solid {FOCUS_RING}; padding: 3px 11px; }}
QPushButton:disabled {{
    background: {COLOURS["disabled-button"]}; color: {COLOURS["disabled-text"]}; border-color: {COLOURS["midlight"]};
}}
QPushButton:checked, #languagePicker QPushButton:checked {{
    background: {COLOURS["highlight"]}; border-color: {COLOURS["highlight"]}; color: {COLOURS["highlighted-text"]};
}}
QPushButton:checked:focus {{ border: 2px solid {FOCUS_RING}; }}
QPushButton[flat="true"] {{ border: none; background: transparent; }}
QPushButton[primary="true"] {{
    background: {COLOURS["highlight"]}; color: {COLOURS["highlighted-text"]}; border: 1px solid {COLOURS["highlight"]};
    font-weight: 600;
}}
QPushButton[primary="true"]:hover {{ background: {PRIMARY_HOVER}; border-color: {PRIMARY_HOVER}; }}
QPushButton[primary="true"]:focus {{ border: 2px solid {FOCUS_RING}; }}
QPushButton[primary="true"]:disabled {{
    background: {COLOURS["disabled-button"]}; color: {COLOURS["disabled-text"]}; border-color: {COLOURS["midlight"]};
}}
"""


def app_style() -> str:
    """APP_STYLE with the spin boxes' arrow images found wherever the resources are (also when frozen)."""
    return APP_STYLE.replace("ICONS", (resources_dir() / "icons").as_posix())


def build_palette() -> QPalette:
    palette = QPalette()
    for name, role in _ROLES.items():
        palette.setColor(role, QColor(COLOURS[name]))
    disabled = QPalette.ColorGroup.Disabled
    for role in (QPalette.ColorRole.Text, QPalette.ColorRole.WindowText, QPalette.ColorRole.ButtonText):
        palette.setColor(disabled, role, QColor(COLOURS["disabled-text"]))
    palette.setColor(disabled, QPalette.ColorRole.Button, QColor(COLOURS["disabled-button"]))
    palette.setColor(disabled, QPalette.ColorRole.Highlight, QColor(COLOURS["dark"]))
    return palette


def apply_palette(app: QApplication) -> None:
    """Fusion with the app's palette and style, whatever the desktop's theme (a dark theme included).

    The interface font is pinned to the family the desktop's default resolves to now: the handout fonts (Noto)
    registered later would otherwise become what "Sans Serif" means, and every row 3 px taller (the visit form
    then no longer fits 1366x768).
    """
    app.setStyle("Fusion")
    app.setPalette(build_palette())
    app.setStyleSheet(app_style())
    font = QFont(app.font())
    font.setFamily(QFontInfo(app.font()).family())
    app.setFont(font)


def relative_luminance(colour: str) -> float:
    """WCAG 2.1 relative luminance of an sRGB colour such as "#1d5fa6"."""
    value = QColor(colour)

    def channel(component: float) -> float:
        return component / 12.92 if component <= 0.04045 else ((component + 0.055) / 1.055) ** 2.4

    return 0.2126 * channel(value.redF()) + 0.7152 * channel(value.greenF()) + 0.0722 * channel(value.blueF())


def contrast_ratio(first: str, second: str) -> float:
    lighter, darker = sorted((relative_luminance(first), relative_luminance(second)), reverse=True)
    return (lighter + 0.05) / (darker + 0.05)
