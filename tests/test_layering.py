"""The core and the command line never load Qt: they run on a server or in a terminal without a display."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

REPOSITORY = Path(__file__).resolve().parent.parent

CORE_AND_CLI = """
import json, sys
import app, app.cli, app.desk, app.storage.database, app.visits, app.statistics, app.exports
status = app.cli.main(['codes', 'topic'])
loaded = sorted(name for name in sys.modules if name == 'PySide6' or name.startswith('PySide6.'))
print(json.dumps({'status': status, 'qt': loaded}))
"""

EVERY_CORE_MODULE = """
import importlib, json, pkgutil, sys
import app
names = [info.name for info in pkgutil.walk_packages(app.__path__, 'app.')
         if not info.name.startswith('app.ui') and info.name != 'app.__main__']
for name in names:
    importlib.import_module(name)
print(json.dumps({'modules': names, 'widgets': 'PySide6.QtWidgets' in sys.modules}))
"""


def run_fresh_python(code: str) -> dict:
    environment = {key: value for key, value in os.environ.items() if not key.startswith("NEUVO_")}
    completed = subprocess.run(
        [sys.executable, "-c", code],
        cwd=REPOSITORY,
        stdin=subprocess.DEVNULL,
        capture_output=True,
        text=True,
        env=environment,
        timeout=120,
    )
    assert completed.returncode == 0, completed.stderr
    return json.loads(completed.stdout.splitlines()[-1])


def test_core_and_command_line_run_without_loading_qt() -> None:
    outcome = run_fresh_python(CORE_AND_CLI)
    assert outcome["status"] == 0
    assert outcome["qt"] == []


def test_no_core_module_imports_qt_widgets() -> None:
    outcome = run_fresh_python(EVERY_CORE_MODULE)
    assert "app.storage.schema" in outcome["modules"]
    assert outcome["widgets"] is False
