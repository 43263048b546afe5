"""WCAG 2.1 AA in the app's colours (issue 15 #7): 4.5:1 for text, 3:1 for the edges of controls and the focus
ring, computed from the palette and from the style sheets the widgets use."""

from __future__ import annotations

import re

import pytest

from app.ui.palette import APP_STYLE, COLOURS, FOCUS_RING, PRIMARY_HOVER, contrast_ratio
from app.ui.qt import QPalette, Qt

TEXT, CONTROL = 4.5, 3.0


def test_the_ratio_is_computed_as_wcag_defines_it() -> None:
    assert contrast_ratio("#000000", "#ffffff") == pytest.approx(21.0)
    assert contrast_ratio("#7f7f7f", "#ffffff") == pytest.approx(4.0, abs=0.05), "the old muted grey: 4.0:1"
    assert contrast_ratio("#ffffff", "#308cc6") == pytest.approx(3.7, abs=0.05), "the old accent: 3.7:1"


PAIRS = [
    # (foreground, background, minimum, what)
    ("text", "base", TEXT, "text in fields and cards"),
    ("window-text", "window", TEXT, "text on the window"),
    ("placeholder-text", "base", TEXT, "muted text and hints on a card"),
    ("placeholder-text", "window", TEXT, "muted text on the window"),
    ("placeholder-text", "alternate-base", TEXT, "muted captions on the count tiles"),
    ("highlighted-text", "highlight", TEXT, "a checked choice, the primary button, the selection"),
    ("disabled-text", "disabled-button", TEXT, "a choice before the session starts: readable"),
    ("disabled-text", "window", TEXT, "disabled labels"),
    ("disabled-text", "base", TEXT, "disabled labels on a card"),
    ("button-text", "button", TEXT, "a button"),
    ("mid", "base", CONTROL, "the edge of an unchecked choice or a field"),
    ("mid", "window", CONTROL, "the edge of a control on the window"),
    ("highlight", "base", CONTROL, "checked against unchecked"),
    ("highlight", "alternate-base", CONTROL, "a checked usual language in the settings"),
    ("link", "base", TEXT, "links"),
    ("tooltip-text", "tooltip-base", TEXT, "tooltips"),
]


def _colour(name: str) -> str:
    return COLOURS.get(name, name)


@pytest.mark.parametrize(("foreground", "background", "minimum", "what"), PAIRS)
def test_palette_pairs_meet_aa(foreground: str, background: str, minimum: float, what: str) -> None:
    ratio = contrast_ratio(_colour(foreground), _colour(background))
    assert ratio >= minimum, f"{what}: {foreground} on {background} is {ratio:.2f}:1, needs {minimum}:1"


def test_hovered_primary_button_stays_clearly_enabled_and_the_focus_ring_shows_everywhere() -> None:
    assert contrast_ratio(COLOURS["highlighted-text"], PRIMARY_HOVER) >= TEXT
    assert contrast_ratio(PRIMARY_HOVER, COLOURS["disabled-button"]) >= CONTROL, "hover must not look disabled"
    for background in ("base", "window", "button", "highlight", "alternate-base"):
        assert contrast_ratio(FOCUS_RING, COLOURS[background]) >= CONTROL, f"focus ring on {background}"


def _style_sheets() -> dict[str, str]:
    from app.ui.desk.style import DESK_STYLE
    from app.ui.main_window import SIDEBAR_STYLE

    return {"app": APP_STYLE, "desk": DESK_STYLE, "sidebar": SIDEBAR_STYLE}


def _resolve(value: str) -> str | None:
    value = value.strip()
    match = re.fullmatch(r"palette\(([\w-]+)\)", value)
    if match:
        return COLOURS[match.group(1)]
    if re.fullmatch(r"#[0-9a-fA-F]{6}", value):
        return value
    return None  # transparent, inherited


def _rules(sheet: str) -> list[tuple[str, dict[str, str]]]:
    found = []
    for selector, body in re.findall(r"([^{}]+)\{([^{}]*)\}", sheet):
        properties = {}
        for declaration in body.split(";"):
            if ":" in declaration:
                name, value = declaration.split(":", 1)
                properties[name.strip()] = value.strip()
        found.append((" ".join(selector.split()), properties))
    return found


def test_every_style_sheet_rule_with_text_and_background_meets_aa() -> None:
    problems = []
    checked = 0
    for sheet_name, sheet in _style_sheets().items():
        for selector, properties in _rules(sheet):
            text = _resolve(properties.get("color", ""))
            background = _resolve(properties.get("background", properties.get("background-color", "")))
            if text is None:
                continue
            # No background of its own: on a card (base) or on the window, both must do.
            backgrounds = [COLOURS["base"], COLOURS["window"]] if background is None else [background]
            for under in backgrounds:
                checked += 1
                ratio = contrast_ratio(text, under)
                if ratio < TEXT:
                    problems.append(f"{sheet_name}: {selector}: {text} on {under} is {ratio:.2f}:1")
    assert checked > 10
    assert not problems, "\n".join(problems)


def test_unchecked_choice_edges_and_focus_borders_in_the_style_sheets_meet_3_to_1() -> None:
    problems = []
    for sheet_name, sheet in _style_sheets().items():
        for selector, properties in _rules(sheet):
            is_control = "choice" in selector or "languagePicker" in selector or ":focus" in selector
            if not is_control or ":disabled" in selector or ":checked" in selector and ":focus" not in selector:
                continue
            for name in ("border", "border-color"):
                value = properties.get(name, "")
                colour = next((c for c in (_resolve(part) for part in re.split(r"\s+(?![^(]*\))", value)) if c), None)
                if colour is None:
                    continue
                for under in (COLOURS["base"], COLOURS["window"]):
                    if contrast_ratio(colour, under) < CONTROL:
                        problems.append(f"{sheet_name}: {selector} {name} {colour} on {under}")
    assert not problems, "\n".join(problems)


def test_the_app_uses_this_palette(qapp) -> None:  # type: ignore[no-untyped-def]
    from app.ui.palette import apply_palette, build_palette
    from app.ui.qt import QPalette

    palette = build_palette()
    assert palette.color(QPalette.ColorRole.Highlight).name() == COLOURS["highlight"]
    disabled = palette.color(QPalette.ColorGroup.Disabled, QPalette.ColorRole.ButtonText).name()
    assert (
        contrast_ratio(disabled, palette.color(QPalette.ColorGroup.Disabled, QPalette.ColorRole.Button).name()) >= TEXT
    )
    before = qapp.palette(), qapp.styleSheet(), qapp.style().name()
    try:
        apply_palette(qapp)
        assert qapp.palette().color(QPalette.ColorRole.PlaceholderText).name() == COLOURS["placeholder-text"]
    finally:
        qapp.setStyle(before[2])
        qapp.setPalette(before[0])
        qapp.setStyleSheet(before[1])


def _fragment_colours(view) -> list[tuple[str, str]]:  # type: ignore[no-untyped-def]
    """(text, colour) of every piece of text in a QTextBrowser's document (table cells too) with its own colour."""
    found = []
    block = view.document().begin()
    while block.isValid():
        iterator = block.begin()
        while not iterator.atEnd():
            fragment = iterator.fragment()
            brush = fragment.charFormat().foreground()
            if fragment.isValid() and brush.style() != Qt.BrushStyle.NoBrush:
                found.append((fragment.text(), brush.color().name()))
            iterator += 1
        block = block.next()
    return found


def test_every_coloured_text_of_the_directory_detail_pane_meets_aa(qapp) -> None:  # type: ignore[no-untyped-def]
    """Issue 15 #3: the grey labels of the detail pane were HTML 'gray', 3.9:1 on white."""
    from datetime import date

    from app.directory.service import DirectoryEntry
    from app.ui.directory.entry_view import EntryView

    view = EntryView("en")
    base = view.palette().color(QPalette.ColorRole.Base).name()
    shown = {"hint": _fragment_colours(view)}
    for is_open_now in (True, False):
        view.show_entry(
            DirectoryEntry(
                id=1,
                source="starter",
                source_id="x",
                name="Helsinki-info",
                organization="City of Helsinki",
                description="Advice in many languages.",
                url="https://hel.fi",
                email="info@hel.fi",
                phones=[{"number": "09 310 11111", "description": "Advice line"}],
                addresses=[{"name": "", "street": "Pohjoisesplanadi 11", "postal_code": "00170", "city": "Helsinki"}],
                opening_hours=[{"days": ["MO"], "opens_at": "09:00", "closes_at": "16:00", "description": ""}],
                is_open_now=is_open_now,
                languages=["fi", "ar"],
                topics=["housing"],
                last_checked=date(2020, 1, 1),
                is_out_of_date=True,
                is_withdrawn=True,
                is_edited_locally=False,
                has_new_source_version=False,
                note="Ask for Aino",
            )
        )
        shown[f"entry open={is_open_now}"] = _fragment_colours(view)
    for what, fragments in shown.items():
        assert fragments, f"{what}: no coloured text found (the walk over the document is broken)"
        for text, colour in fragments:
            ratio = contrast_ratio(colour, base)
            assert ratio >= TEXT, f"{what}: '{text}' in {colour} on {base} is {ratio:.2f}:1"
