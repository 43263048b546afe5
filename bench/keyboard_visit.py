"""(k) A keyboard-only visit through the real Desk widgets vs saving the same visit through the core.

Run as `python -m bench.keyboard_visit WORKDIR [--rounds N] [--who-asked]` (its own process: it needs a QApplication).
`--who-asked`: five visits that also choose the duration and who asked (issue 15's group), figure 15a.
Five scripted typical visits, each from "form ready" (focus on the first topic after the previous save) to
"saved" (the visit stored and the form ready again), typed with QTest key events to the focused widget. The
floor is `VisitService.add` of the same visit. Prints one JSON line: per-visit medians and keystrokes.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import time
from dataclasses import replace
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

PASSPHRASE = "lamp-river-7-orange"
K = "key"
CTRL_ENTER = "ctrl+enter"
# Each visit as the keys an advisor presses from the first topic; what it should store is checked after.
SCRIPTS: list[tuple[list[str], tuple[tuple[str, ...], tuple[str, ...], tuple[str, ...]]]] = [
    (["space", "tab", "space", "tab", "tab", "space", CTRL_ENTER], (("housing",), ("ar",), ("information",))),
    (
        ["right", "space", "tab", "right", "space", "tab", "tab", "right", "space", CTRL_ENTER],
        (("kela-income",), ("so",), ("form-help",)),
    ),
    (
        ["down", "space", "tab", "right", "right", "space", "tab", "tab", "space", "right", "space", CTRL_ENTER],
        (("registration-identity",), ("ru",), ("information", "form-help")),
    ),
    (
        ["space", "right", "space", "tab", "space", "tab", "tab", "space", CTRL_ENTER],
        (("housing", "kela-income"), ("ar",), ("information",)),
    ),
    (
        ["end", "space", "tab", "space", "tab", "tab", "end", "space", CTRL_ENTER],
        (("other",), ("ar",), ("come-back-helper",)),
    ),
]

# The same five visits, each also with a duration and who asked: Tab from the outcomes reaches the durations (the
# referral lists are disabled unless referred), Tab again the who-asked group.
WHO_ASKED = ("self", "relative", "professional", "self", "self")
WHO_ASKED_KEYS = (
    ["tab", "space", "tab", "space"],
    ["tab", "space", "tab", "right", "space"],
    ["tab", "space", "tab", "end", "space"],
    ["tab", "space", "tab", "space"],
    ["tab", "space", "tab", "space"],
)
SCRIPTS_WITH_WHO_ASKED = [
    ([*script[:-1], *extra, CTRL_ENTER], expected)
    for (script, expected), extra in zip(SCRIPTS, WHO_ASKED_KEYS, strict=True)
]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("workdir", type=Path)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--who-asked", action="store_true", help="the visits also choose a duration and who asked")
    args = parser.parse_args(argv)
    scripts = SCRIPTS_WITH_WHO_ASKED if args.who_asked else SCRIPTS

    from PySide6.QtTest import QTest

    from app.desk import Desk
    from app.storage.database import Database
    from app.ui.context import AppContext
    from app.ui.desk import DeskScreen
    from app.ui.qt import QApplication, Qt
    from app.ui.tasks import TaskRunner
    from app.visits import VisitInput
    from app.weeks import today_local

    app = QApplication.instance() or QApplication(sys.argv)
    app.setProperty("neuvo_testing", True)
    store = Database(args.workdir / "keyboard")
    desk_core, _recovery_key = Desk.create(
        store, PASSPHRASE, "Bench desk", ["ar", "so", "ru"], "en", with_starter_directory=False
    )
    tasks = TaskRunner()
    context = AppContext(desk=desk_core, tasks=tasks, ui_language="en")
    desk = DeskScreen(context)
    desk.resize(1366, 700)
    desk.show()
    desk.activateWindow()
    session = context.desk_sessions.start(context.sites.default().id, staff="Bench")
    context.events.session_changed.emit()

    def wait_until(condition, timeout: float = 10.0) -> None:  # type: ignore[no-untyped-def]
        deadline = time.perf_counter() + timeout
        while not condition():
            if time.perf_counter() > deadline:
                raise TimeoutError("the Desk did not get there in time")
            app.processEvents()
            time.sleep(0.0005)

    wait_until(lambda: desk.state is not None and desk.state.is_open and not tasks.is_busy)
    settle = time.perf_counter() + 0.3
    wait_until(lambda: time.perf_counter() > settle and not tasks.is_busy)  # every refresh queued has landed
    desk.activateWindow()
    wait_until(lambda: QApplication.activeWindow() is desk)  # shortcuts (Ctrl+Enter) need the active window
    keys = {
        "space": Qt.Key.Key_Space,
        "tab": Qt.Key.Key_Tab,
        "right": Qt.Key.Key_Right,
        "down": Qt.Key.Key_Down,
        "end": Qt.Key.Key_End,
    }
    typed_ms: list[list[float]] = [[] for _ in scripts]
    bare_ms: list[list[float]] = [[] for _ in scripts]
    saved = [0]
    desk.saved.connect(lambda _visit_id: saved.__setitem__(0, saved[0] + 1))
    for _round in range(args.rounds):
        for index, (script, expected) in enumerate(scripts):
            desk.form.focus_first_topic()
            wait_until(lambda: QApplication.focusWidget() is desk.form.topics.first_button())
            before = saved[0]
            started = time.perf_counter()
            for key in script:
                target = QApplication.focusWidget() or desk
                if key == CTRL_ENTER:
                    QTest.keyClick(target, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
                else:
                    QTest.keyClick(target, keys[key])
            try:
                wait_until(lambda expected=before + 1: saved[0] == expected and not tasks.is_busy)
            except TimeoutError:
                raise TimeoutError(
                    f"visit {index + 1} was not saved: {desk.status.text()} {desk.form.value()}"
                ) from None
            typed_ms[index].append((time.perf_counter() - started) * 1000)
            newest = max(context.visits.list_visits(day=today_local()), key=lambda visit: visit.id)
            if tuple(map(sorted, (newest.topics, newest.languages, newest.outcomes))) != tuple(map(sorted, expected)):
                raise AssertionError(f"visit {index + 1} stored {newest.topics, newest.languages, newest.outcomes}")
            if args.who_asked and (newest.asked_by, newest.duration) != (WHO_ASKED[index], "under-5"):
                raise AssertionError(f"visit {index + 1} stored who asked {newest.asked_by}, {newest.duration}")
            topics, languages, outcomes = expected
            bare = VisitInput(topics=topics, languages=languages, outcomes=outcomes, session_id=session.id)
            if args.who_asked:
                bare = replace(bare, duration="under-5", asked_by=WHO_ASKED[index])
            started = time.perf_counter()
            context.visits.add(bare)
            bare_ms[index].append((time.perf_counter() - started) * 1000)
            time.sleep(1.6)  # past the repeated-save guard, as the next visitor would be
    tasks.shutdown()
    store.lock()

    def median(values: list[float]) -> float:
        ordered = sorted(values)
        return ordered[len(ordered) // 2]

    print(
        json.dumps(
            {
                "typed_ms": [median(values) for values in typed_ms],
                "bare_ms": [median(values) for values in bare_ms],
                "keystrokes": [len(script) for script, _expected in scripts],
            }
        )
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
