"""The Statistics screen: totals for a week range and site, live updates, Helsinki week boundaries, exports."""

from __future__ import annotations

import csv
import json
from datetime import datetime
from pathlib import Path

import pytest

from app.ui.qt import QPoint, Qt
from app.visits import VisitInput
from app.weeks import HELSINKI
from tests.conftest import SITE


def helsinki(year: int, month: int, day: int, hour: int, minute: int = 0) -> datetime:
    return datetime(year, month, day, hour, minute, tzinfo=HELSINKI)


# Monday 3 March 2025 is in 2025-W10; Monday 17 March in 2025-W12.
WEEK_10_VISITS = [
    VisitInput(topics=("housing",), languages=("ar",), at=helsinki(2025, 3, 3, 10)),
    VisitInput(topics=("housing", "kela-income"), languages=("so",), at=helsinki(2025, 3, 5, 14)),
    VisitInput(topics=("employment",), contact="group", participants=6, at=helsinki(2025, 3, 7, 12)),
]
WEEK_12_VISIT = VisitInput(topics=("housing",), languages=("ru",), at=helsinki(2025, 3, 18, 9))


@pytest.fixture
def screen(qtbot, context):  # type: ignore[no-untyped-def]
    from app.ui.statistics_screen import StatisticsScreen

    widget = StatisticsScreen(context)
    qtbot.addWidget(widget)
    widget.resize(1366, 768)
    with qtbot.waitSignal(widget.refreshed, timeout=10_000):
        widget.show()
    return widget


def type_week(qtbot, edit, week: str) -> None:  # type: ignore[no-untyped-def]
    edit.lineEdit().selectAll()
    qtbot.keyClicks(edit, week)
    qtbot.keyClick(edit, Qt.Key.Key_Return)


def choose_weeks(qtbot, screen, first: str, last: str) -> None:  # type: ignore[no-untyped-def]
    """Type the range into the two week fields and wait until the numbers for it are shown."""
    type_week(qtbot, screen.first_week, first)
    type_week(qtbot, screen.last_week, last)
    qtbot.waitUntil(
        lambda: screen.result is not None and (screen.result.first, screen.result.last) == (first, last), timeout=10_000
    )


def table(screen, dimension: str) -> dict[str, int]:  # type: ignore[no-untyped-def]
    return {row.label: row.count for row in screen.count_models[dimension].rows() if not row.is_remainder}


def test_shows_totals_and_topic_counts_of_the_chosen_weeks(qtbot, context, screen) -> None:  # type: ignore[no-untyped-def]
    context.visits.add_many([*WEEK_10_VISITS, WEEK_12_VISIT])

    choose_weeks(qtbot, screen, "2025-W10", "2025-W11")

    assert screen.visits_tile.number.text() == "3"
    assert screen.people_tile.number.text() == "8", "the group session counts its six participants"
    assert table(screen, "topic") == {
        "Housing": 2,
        "Kela benefits and income support": 1,
        "Employment and job services": 1,
    }
    topics = screen.count_models["topic"]
    assert topics.index(0, 2).data() == "67%", "two of three visits were about housing"
    assert table(screen, "language") == {"Arabic (ar)": 1, "Somali (so)": 1}
    assert [(row.week, row.visits, row.participants) for row in screen.weekly_model.rows()] == [
        ("2025-W10", 3, 8),
        ("2025-W11", 0, 0),
    ]
    assert "2025-W10 – 2025-W11" in screen.range_label.text()

    choose_weeks(qtbot, screen, "2025-W10", "2025-W12")
    assert screen.visits_tile.number.text() == "4"
    assert table(screen, "topic")["Housing"] == 3


def test_updates_when_visits_change(qtbot, context, screen) -> None:  # type: ignore[no-untyped-def]
    context.visits.add(WEEK_10_VISITS[0])
    choose_weeks(qtbot, screen, "2025-W10", "2025-W10")
    assert screen.visits_tile.number.text() == "1"

    context.visits.add(VisitInput(topics=("taxes",), at=helsinki(2025, 3, 4, 11)))
    with qtbot.waitSignal(screen.refreshed, timeout=10_000):
        context.events.visits_changed.emit()

    assert screen.visits_tile.number.text() == "2"
    assert table(screen, "topic") == {"Housing": 1, "Taxes": 1}


def test_week_boundary_is_midnight_in_helsinki_not_utc(qtbot, context, screen) -> None:  # type: ignore[no-untyped-def]
    # Monday 00:30 in Helsinki is still Sunday in UTC: counted by UTC it would fall into the week before.
    context.visits.add(VisitInput(topics=("housing",), at=helsinki(2025, 3, 30, 23, 30)))  # Sunday, W13
    context.visits.add(VisitInput(topics=("taxes",), at=helsinki(2025, 3, 31, 0, 30)))  # Monday, W14

    choose_weeks(qtbot, screen, "2025-W13", "2025-W13")
    assert screen.visits_tile.number.text() == "1"
    assert table(screen, "topic") == {"Housing": 1}
    assert table(screen, "weekday") == {"Sunday": 1}
    assert table(screen, "hour") == {"23:00": 1}

    choose_weeks(qtbot, screen, "2025-W14", "2025-W14")
    assert table(screen, "topic") == {"Taxes": 1}
    assert table(screen, "weekday") == {"Monday": 1}
    assert table(screen, "hour") == {"00:00": 1}


def test_site_filter_counts_only_the_chosen_site(qtbot, context, screen) -> None:  # type: ignore[no-untyped-def]
    library = context.sites.add("Myllypuro library", ["fa"])
    context.visits.add_many(WEEK_10_VISITS)
    context.visits.add(
        VisitInput(topics=("digital",), languages=("fa",), at=helsinki(2025, 3, 4, 10), site_id=library.id)
    )
    context.events.sites_changed.emit()
    qtbot.waitUntil(lambda: screen.site_combo.count() == 3, timeout=10_000)
    choose_weeks(qtbot, screen, "2025-W10", "2025-W10")
    assert screen.visits_tile.number.text() == "4"
    assert screen.site_combo.currentText() == "All sites"

    combo = screen.site_combo
    combo.setFocus()
    while combo.currentText() != "Myllypuro library":
        with qtbot.waitSignal(screen.refreshed, timeout=10_000):
            qtbot.keyClick(combo, Qt.Key.Key_Down)
    assert screen.visits_tile.number.text() == "1"
    assert table(screen, "topic") == {"Digital services and devices": 1}
    assert "Myllypuro library" in screen.range_label.text()

    with qtbot.waitSignal(screen.refreshed, timeout=10_000):
        combo.setCurrentIndex(combo.findText(SITE))
    assert screen.visits_tile.number.text() == "3"


def test_quick_ranges_and_a_reversed_range(qtbot, screen) -> None:  # type: ignore[no-untyped-def]
    from app.weeks import current_week, week_at, week_index

    this_week = current_week()
    assert screen.week_range() == (this_week, this_week), "the screen opens on the current week"
    assert screen.preset_buttons["week"].isChecked()

    _click(qtbot, screen.preset_buttons["last4"])
    assert screen.week_range() == (week_at(week_index(this_week) - 3), this_week)
    assert [name for name, button in screen.preset_buttons.items() if button.isChecked()] == ["last4"]
    _click(qtbot, screen.preset_buttons["last4"])
    assert screen.preset_buttons["last4"].isChecked(), "clicking the active quick range keeps it"

    _click(qtbot, screen.preset_buttons["year"])
    assert screen.week_range() == (f"{this_week[:4]}-W01", this_week)

    type_week(qtbot, screen.last_week, "2024-W05")
    assert screen.week_range() == ("2024-W05", "2024-W05"), "an end before the start moves the start too"
    assert not any(button.isChecked() for button in screen.preset_buttons.values())
    qtbot.waitUntil(lambda: (screen.result.first, screen.result.last) == ("2024-W05", "2024-W05"))

    type_week(qtbot, screen.first_week, "2024-W60")
    assert screen.week_range() == ("2024-W05", "2024-W05"), "a week that does not exist is not taken"


def test_optional_demographics_appear_only_when_recorded(qtbot, context, screen) -> None:  # type: ignore[no-untyped-def]
    context.visits.add(VisitInput(topics=("housing",), at=helsinki(2025, 3, 3, 10)))
    choose_weeks(qtbot, screen, "2025-W10", "2025-W10")
    assert screen.cards["age_band"].isHidden()

    context.visits.add(VisitInput(topics=("housing",), age_band="18-24", at=helsinki(2025, 3, 4, 10)))
    with qtbot.waitSignal(screen.refreshed, timeout=10_000):
        context.events.visits_changed.emit()
    assert not screen.cards["age_band"].isHidden()
    assert [(row.label, row.count, row.is_remainder) for row in screen.count_models["age_band"].rows()] == [
        ("18–24", 1, False),
        ("Not recorded", 1, True),
    ]


def test_export_csv_is_the_long_format_ready_for_finnish_excel(qtbot, context, screen, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    context.visits.add_many(WEEK_10_VISITS)
    choose_weeks(qtbot, screen, "2025-W10", "2025-W11")
    target = tmp_path / "counts.csv"

    with qtbot.waitSignal(screen.export_finished, timeout=10_000) as finished:
        screen.export_to(target, "csv")

    assert finished.args == [True]
    data = target.read_bytes()
    assert data.startswith(b"\xef\xbb\xbf"), "a UTF-8 byte order mark, so that Excel reads ä and ö right"
    assert data.split(b"\r\n")[0] == b"\xef\xbb\xbfweek;site;dimension;value;count", "';' as Finnish Excel splits"
    with target.open(encoding="utf-8-sig", newline="") as handle:
        rows = list(csv.reader(handle, dialect="excel-fi"))
    assert rows[0] == ["week", "site", "dimension", "value", "count"]
    assert ["2025-W10", SITE, "total", "visits", "3"] in rows
    assert ["2025-W10", SITE, "topic", "housing", "2"] in rows
    assert ["2025-W11", SITE, "total", "visits", "0"] in rows
    assert screen.status.text() == "Saved counts.csv"
    assert screen.status.toolTip() == str(target)


def test_export_xlsx_opens_in_openpyxl(qtbot, context, screen, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    from openpyxl import load_workbook

    context.visits.add_many(WEEK_10_VISITS)
    choose_weeks(qtbot, screen, "2025-W10", "2025-W10")
    target = tmp_path / "counts.xlsx"

    with qtbot.waitSignal(screen.export_finished, timeout=10_000):
        screen.export_to(target, "xlsx")

    workbook = load_workbook(target)
    summary = list(workbook["total"].iter_rows(values_only=True))
    assert summary[1] == ("2025-W10", SITE, 3, 8)
    topics = list(workbook["topic"].iter_rows(values_only=True))
    assert ("2025-W10", SITE, "housing", "Asuminen", "Boende", "Housing", 2) in [
        (row[0], row[1], row[2], row[3], row[4], row[5], row[6]) for row in topics[2:]
    ]


def test_export_json_holds_the_range(qtbot, context, screen, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    context.visits.add_many(WEEK_10_VISITS)
    choose_weeks(qtbot, screen, "2025-W10", "2025-W11")
    target = tmp_path / "counts.json"

    with qtbot.waitSignal(screen.export_finished, timeout=10_000):
        screen.export_to(target, "json")

    document = json.loads(target.read_text(encoding="utf-8"))
    assert (document["from"], document["to"]) == ("2025-W10", "2025-W11")
    assert [report["visits"] for report in document["reports"]] == [3, 0]


def test_export_over_a_file_open_in_excel_says_close_it_in_finnish(  # type: ignore[no-untyped-def]
    qtbot, qapp, context, screen, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from app.ui.i18n import install_language
    from tests.core.test_file_in_use import held_open_by_another_program, leftovers

    context.visits.add_many(WEEK_10_VISITS)
    choose_weeks(qtbot, screen, "2025-W10", "2025-W10")
    folder = tmp_path / "exports"
    folder.mkdir()
    target = folder / "counts.xlsx"
    target.write_bytes(b"open in Excel")
    held_open_by_another_program(monkeypatch, target)
    install_language(qapp, "fi")
    try:
        with qtbot.waitSignal(screen.export_finished, timeout=10_000) as finished:
            screen.export_to(target, "xlsx")
        message = screen.status.text()
    finally:
        install_language(qapp, "en")

    assert finished.args == [False]
    assert message.startswith(str(target)), message
    assert "Sulje tiedosto toisessa ohjelmassa" in message, message
    assert target.read_bytes() == b"open in Excel"
    assert leftovers(folder, target) == []
    assert all(button.isEnabled() for button in screen.export_buttons.values())


def test_export_to_a_missing_folder_says_so(qtbot, screen, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    with qtbot.waitSignal(screen.export_finished, timeout=10_000) as finished:
        screen.export_to(tmp_path / "no-such-folder" / "counts.csv", "csv")

    assert finished.args == [False]
    assert screen.status.text().startswith("Could not save the file")
    assert all(button.isEnabled() for button in screen.export_buttons.values())


def test_count_models_pass_the_model_tester(qtbot, qtmodeltester, context, screen) -> None:  # type: ignore[no-untyped-def]
    context.visits.add_many(WEEK_10_VISITS)
    choose_weeks(qtbot, screen, "2025-W10", "2025-W11")
    qtmodeltester.check(screen.count_models["topic"])
    qtmodeltester.check(screen.count_models["found_via"])
    qtmodeltester.check(screen.weekly_model)


def _click(qtbot, button) -> None:  # type: ignore[no-untyped-def]
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton, pos=QPoint(button.width() // 2, button.height() // 2))


def test_plural_caption_statement_free_tile_and_the_wheel_scrolls_the_page(qtbot, context, screen) -> None:  # type: ignore[no-untyped-def]
    """Issue 15 #8: "Shares of the 1 visits", the fourth tile read as a statement, the wheel caught by a card."""
    from app.ui.i18n import install_language
    from app.ui.qt import QApplication, QPointF, QWheelEvent

    install_language(QApplication.instance(), "en")  # as the app does: English plural forms come from neuvo_en
    context.visits.add_many(
        [
            VisitInput(
                topics=("housing",), outcomes=("referred",), referral_category="state", at=helsinki(2025, 3, 3, 10)
            ),
            *WEEK_10_VISITS,
        ]
    )
    choose_weeks(qtbot, screen, "2025-W10", "2025-W10")
    assert screen.cards["referral_category"].caption.text() == "Shares of the 1 visit referred onward."
    assert screen.unmet_tile.caption.text() == "visits where no service existed for the need"

    screen.resize(1366, 420)
    qtbot.waitUntil(lambda: screen.scroll_area.verticalScrollBar().maximum() > 0, timeout=10_000)
    bar = screen.scroll_area.verticalScrollBar()
    bar.setValue(0)
    viewport = screen.cards["topic"].table.viewport()
    centre = QPointF(viewport.rect().center())
    event = QWheelEvent(
        centre,
        QPointF(viewport.mapToGlobal(viewport.rect().center())),
        QPoint(0, 0),
        QPoint(0, -120),
        Qt.MouseButton.NoButton,
        Qt.KeyboardModifier.NoModifier,
        Qt.ScrollPhase.NoScrollPhase,
        False,
    )
    QApplication.sendEvent(viewport, event)
    assert bar.value() > 0, "the wheel over a card scrolls the page"


def test_trend_chart_and_the_previous_period_beside_each_headline_figure(qtbot, context, screen, tmp_path) -> None:  # type: ignore[no-untyped-def]
    """Issue 15 #9: a weekly trend for the chosen range, the previous period beside each figure, saved as PNG."""
    from app.ui.palette import COLOURS
    from app.ui.qt import QColor, QImage

    context.visits.add_many(
        [
            *WEEK_10_VISITS,
            WEEK_12_VISIT,
            VisitInput(topics=("taxes",), at=helsinki(2025, 2, 24, 10)),  # 2025-W09
            VisitInput(topics=("taxes",), at=helsinki(2025, 2, 19, 10)),  # 2025-W08
            VisitInput(topics=("taxes",), at=helsinki(2025, 2, 18, 10)),  # 2025-W08
        ]
    )
    with qtbot.waitSignal(screen.compared, timeout=10_000):
        choose_weeks(qtbot, screen, "2025-W10", "2025-W12")
    qtbot.waitUntil(
        lambda: screen.previous_result is not None and screen.previous_result.first == "2025-W07", timeout=10_000
    )
    assert (screen.previous_result.first, screen.previous_result.last) == ("2025-W07", "2025-W09")
    trend = screen.trend_card.chart.trend
    assert trend.weeks == ["2025-W10", "2025-W11", "2025-W12"]
    assert trend.visits == [3, 0, 1] and trend.previous == [0, 2, 1]
    assert screen.visits_tile.previous.text() == "before: 3 (+33 %)"
    assert "2025-W07 – 2025-W09" in screen.visits_tile.previous.toolTip()
    assert screen.unmet_tile.previous.text() == "before: 0"
    assert "2025-W10: 3" in screen.trend_card.chart.accessibleDescription()

    target = tmp_path / "trend.png"
    assert screen.trend_card.save_png(target)
    image = QImage(str(target))
    chart = screen.trend_card.chart
    assert (image.width(), image.height()) == (chart.width() * 2, chart.height() * 2)
    bar = QColor(COLOURS["highlight"]).rgb()
    bar_pixels = sum(
        1 for x in range(0, image.width(), 3) for y in range(0, image.height(), 3) if image.pixel(x, y) == bar
    )
    assert bar_pixels > 100, "the bars are drawn"
    screen.grab().save(str(tmp_path / "statistics.png"))


def test_long_labels_in_a_card_wrap_instead_of_being_cut_off(qtbot, context) -> None:  # type: ignore[no-untyped-def]
    """Issue 15 #8: cut-off labels in the statistics cards (Finnish labels are long)."""
    from app.ui.context import AppContext
    from app.ui.qt import QRect
    from app.ui.statistics_screen import StatisticsScreen

    finnish = AppContext(desk=context.desk, tasks=context.tasks, ui_language="fi")
    context.visits.add_many([VisitInput(topics=("residence-permit", "older-disability"), at=helsinki(2025, 3, 3, 10))])
    screen = StatisticsScreen(finnish)
    qtbot.addWidget(screen)
    screen.resize(1000, 768)  # the page beside the sidebar on a 1366x768 screen at 125 % scaling
    with qtbot.waitSignal(screen.refreshed, timeout=10_000):
        screen.show()
    choose_weeks(qtbot, screen, "2025-W10", "2025-W10")
    qtbot.wait(50)
    table = screen.cards["topic"].table
    wraps = False
    for row in range(table.model().rowCount()):
        text = table.model().index(row, 0).data()
        width = table.columnWidth(0) - 8
        needed = table.fontMetrics().boundingRect(QRect(0, 0, width, 10_000), Qt.TextFlag.TextWordWrap, text).height()
        assert table.rowHeight(row) >= needed, f"{text!r} does not fit its row"
        wraps = wraps or needed > table.fontMetrics().height() + 2
    assert wraps, "the test needs a label long enough to wrap"
    assert table.height() >= sum(table.rowHeight(row) for row in range(table.model().rowCount()))
