# Neuvo: `make run` starts the desk app, `make test` runs the whole suite headless.
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
TS := translations/neuvo_fi.ts translations/neuvo_sv.ts translations/neuvo_en.ts
QM := $(TS:.ts=.qm)

.PHONY: run gui-libs server test bench soak translations lupdate lint clean tools package

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

$(STAMP): pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	touch $(STAMP)

PACKAGE_STAMP := $(VENV)/.installed-package
$(PACKAGE_STAMP): pyproject.toml $(STAMP)
	$(BIN)/python -m pip install --quiet -e '.[dev,package]'
	touch $(PACKAGE_STAMP)

translations/%.qm: translations/%.ts $(STAMP)
	$(BIN)/pyside6-lrelease -silent $< -qm $@

translations: $(QM)

run: $(STAMP) translations gui-libs
	$(BIN)/neuvo gui

# Qt's xcb platform plugin (a Linux desktop) needs these; a fresh Debian or Ubuntu lacks libxcb-cursor0 (loaded at
# run time), libxcb-icccm4 and libxcb-keysyms1 at least. Installed with apt-get when any is missing.
GUI_LIBS := libxcb-cursor0 libxcb-icccm4 libxcb-keysyms1 libxcb-image0 libxcb-render-util0 libxcb-shape0 \
	libxcb-randr0 libxcb-xfixes0 libxcb-xinerama0 libxcb-xkb1 libxkbcommon-x11-0 libx11-xcb1
gui-libs: $(STAMP)
	@if [ "$$(uname -s)" = Linux ] && command -v apt-get >/dev/null; then \
		plugin=$$($(BIN)/python -c "import PySide6, pathlib; print(pathlib.Path(PySide6.__file__).parent / 'Qt/plugins/platforms/libqxcb.so')"); \
		if ! /sbin/ldconfig -p 2>/dev/null | grep -q 'libxcb-cursor\.so\.0' || ldd "$$plugin" 2>/dev/null | grep -q 'not found'; then \
			echo "Installing the X11 libraries Qt needs to open windows: $(GUI_LIBS)"; \
			if [ "$$(id -u)" = 0 ]; then SUDO=""; else SUDO="sudo"; fi; \
			$$SUDO apt-get install -y -q $(GUI_LIBS) >/dev/null 2>&1 || \
			  ( $$SUDO apt-get update -q >/dev/null 2>&1 && $$SUDO apt-get install -y -q $(GUI_LIBS) >/dev/null 2>&1 ) || \
			echo "Could not install them: run 'sudo apt-get install $(GUI_LIBS)', then 'make run' again."; \
		fi; \
	fi

# The central server on its embedded default (a SQLite file under ./var/); NEUVO_SERVER_DATABASE_URL for PostgreSQL.
server: $(STAMP)
	$(BIN)/neuvo-server serve

# The tests read handout PDFs back with poppler (pdftotext, pdftoppm) and zbar (zbarimg); the console's browser
# tests drive Debian's chromium with Playwright (no browser download).
TOOLS := pdftotext pdftoppm zbarimg chromium
TOOL_PACKAGES := poppler-utils zbar-tools chromium
tools:
	@missing=""; for tool in $(TOOLS); do command -v $$tool >/dev/null || missing="$$missing $$tool"; done; \
	if [ -n "$$missing" ]; then \
		echo "Installing $(TOOL_PACKAGES) (missing:$$missing)"; \
		if [ "$$(id -u)" = 0 ]; then SUDO=""; else SUDO="sudo -n"; fi; \
		( $$SUDO apt-get install -y -q $(TOOL_PACKAGES) >/dev/null 2>&1 || \
		  ( $$SUDO apt-get update -q >/dev/null 2>&1 && $$SUDO apt-get install -y -q $(TOOL_PACKAGES) >/dev/null 2>&1 ) ) || \
		echo "Could not install them: the handout and console browser tests that need them are skipped (they fail under CI)."; \
	fi

test: $(STAMP) translations tools
	QT_QPA_PLATFORM=offscreen $(BIN)/python -m pytest $(PYTEST_ARGS)

bench: $(STAMP) translations
	QT_QPA_PLATFORM=offscreen $(BIN)/python -m bench

# Crash safety of the store (killed writers), then exactly-once sync (10,000 runs with injected network faults).
soak: $(STAMP)
	$(BIN)/python -m bench.soak
	$(BIN)/python -m bench.sync_soak

# Refresh the .ts sources from the code (translators then edit them in Qt Linguist).
lupdate: $(STAMP)
	$(BIN)/pyside6-lupdate -no-obsolete -locations none $$(git ls-files -co --exclude-standard 'app/ui/*.py' 'app/ui/**/*.py') -ts $(TS)
	$(BIN)/python translations/complete_english.py translations/neuvo_en.ts

# Style (ruff) and types (mypy --strict over app/ and server/, as configured in pyproject.toml).
# The one-folder PyInstaller build dist/Neuvo/ (windowed Neuvo and console neuvo-cli), then its smoke test run
# here offscreen, its size, file count and start time against `python -m app` (also in bench/out/package.json).
package: $(PACKAGE_STAMP) translations
	rm -rf dist/Neuvo
	$(BIN)/pyinstaller --noconfirm --clean --log-level WARN --distpath dist --workpath build/pyinstaller build.spec
	QT_QPA_PLATFORM=offscreen $(BIN)/python -m release.smoke --json bench/out/package.json

lint: $(STAMP)
	$(BIN)/ruff check app server tests bench
	$(BIN)/mypy

clean:
	rm -rf $(VENV) translations/*.qm build dist
