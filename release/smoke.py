"""Smoke test of the frozen one-folder build (`make package` runs it after PyInstaller), then its figures.

Runs the bundle's own executables, never the source tree: `neuvo-cli --version`, `init`, `visit add`,
`export weekly --format xlsx`, `handout --lang ar`, the refusal with no terminal, UTF-8 output in the C locale,
the bundled time zone data, and the windowed `Neuvo` to its unlock screen (offscreen). Then prints the bundle's
size and file count, and the start to the unlock screen frozen against `python -m app gui` (the same
measurement as `make bench` figure b, interleaved rounds, medians, the ratio).

`python -m release.smoke [--bundle dist/Neuvo] [--rounds 7] [--json bench/out/package.json]`; exits 1 if a step
fails. A missed size or start-time goal is printed as GOAL MISSED and does not fail the run (figures, not tests).
"""

from __future__ import annotations

import argparse
import json
import os
import re
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPOSITORY = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPOSITORY))

from app import __version__  # noqa: E402
from bench.measure import median  # noqa: E402
from bench.startup import time_to_ready_line  # noqa: E402

PASSPHRASE = "lamp-river-7-orange"
SIZE_GOAL_MB = 200.0
START_RATIO_GOAL = 1.2
EXE = ".exe" if os.name == "nt" else ""


class SmokeFailed(Exception):
    pass


def run(command: list[str | Path], environment: dict[str, str] | None = None, **options) -> subprocess.CompletedProcess:  # type: ignore[no-untyped-def]
    env = {key: value for key, value in os.environ.items() if not key.startswith("NEUVO_")}
    env.update(environment or {})
    return subprocess.run(
        [str(part) for part in command], env=env, stdin=subprocess.DEVNULL, capture_output=True, timeout=180, **options
    )


def check(step: str, completed: subprocess.CompletedProcess, expected_code: int = 0) -> str:  # type: ignore[type-arg]
    stdout = completed.stdout.decode("utf-8", "replace")
    if completed.returncode != expected_code:
        stderr = completed.stderr.decode("utf-8", "replace")
        raise SmokeFailed(f"{step}: exit code {completed.returncode}, expected {expected_code}\n{stdout}\n{stderr}")
    print(f"  ok  {step}")
    return stdout


def smoke(bundle: Path, work: Path) -> Path:
    """The command line and the GUI of the frozen build; returns the data folder it made (for the timing)."""
    cli, gui = bundle / f"neuvo-cli{EXE}", bundle / f"Neuvo{EXE}"
    for executable in (cli, gui):
        if not executable.is_file():
            raise SmokeFailed(f"{executable} is missing: the spec must make both executables")
    data = work / "data"
    secret = work / "passphrase.txt"
    secret.write_text(PASSPHRASE + "\n", encoding="utf-8")
    common = ["--data-dir", data, "--passphrase-file", secret]

    version = check("neuvo-cli --version", run([cli, "--version"])).strip()
    if version != f"neuvo {__version__}":
        raise SmokeFailed(f"--version says {version!r}, app/__init__.py says {__version__!r}")

    key = check("init", run([cli, "init", "--site", "Puhos shopping centre", "--ui-language", "fi",
                             "--languages", "ar,so", *common])).strip()  # fmt: skip
    if not re.fullmatch(r"[A-Z2-7]{4}(-[A-Z2-7]{4}){7}", key):
        raise SmokeFailed(f"init printed {key!r}, not a recovery key")

    # With no system zoneinfo (as on Windows) the bundled tzdata must give Helsinki time.
    no_zoneinfo = {"PYTHONTZPATH": ""}
    visit = check("visit add (bundled time zone data)", run(
        [cli, "visit", "add", "--topic", "housing", "--language", "ar", "--at", "2026-11-17T10:15", *common],
        no_zoneinfo,
    )).strip()  # fmt: skip
    listed = json.loads(check("visit list --json", run([cli, "visit", "list", "--week", "2026-W47", "--json",
                                                          *common], no_zoneinfo)))  # fmt: skip
    if [item["id"] for item in listed] != [int(visit)] or not listed[0]["at"].startswith("2026-11-17T08:15"):
        raise SmokeFailed(f"the visit was not stored in Helsinki time: {listed}")

    workbook = work / "weeks.xlsx"
    check("export weekly --format xlsx", run([cli, "export", "weekly", "--from", "2026-W47", "--to", "2026-W47",
                                              "--format", "xlsx", "--out", workbook, *common]))  # fmt: skip
    from openpyxl import load_workbook

    summary = list(load_workbook(workbook)["total"].iter_rows(values_only=True))
    if summary[1][:3] != ("2026-W47", "Puhos shopping centre", 1):
        raise SmokeFailed(f"the workbook's totals are wrong: {summary}")

    hits = json.loads(check("directory search (starter directory)", run([cli, "directory", "search", "kela",
                                                                         "--json", *common])))  # fmt: skip
    if not hits:
        raise SmokeFailed("the starter directory was not imported at init")
    handout = work / "handout-ar.pdf"
    check("handout --lang ar", run([cli, "handout", str(hits[0]["id"]), "--lang", "ar", "--out", handout, *common]))
    if not handout.read_bytes().startswith(b"%PDF"):
        raise SmokeFailed("the handout is not a PDF")

    text = check("codes language in the C locale (UTF-8 output)", run([cli, "codes", "language"],
                                                                      {"LC_ALL": "C", "LANG": "C"}))  # fmt: skip
    if "language\tar\t" not in text or not any(ord(character) > 0xFF for character in text):
        raise SmokeFailed("codes language did not print the language names")

    if os.name != "nt":  # closing a descriptor the POSIX way stands in for a windowed start
        closed = subprocess.run([str(cli), "export", "weekly", "--from", "2026-W47", "--to", "2026-W47", "--format",
                                 "csv", *map(str, common)], stdin=subprocess.DEVNULL, capture_output=True,
                                preexec_fn=lambda: os.close(1), timeout=60)  # fmt: skip
        if closed.returncode != 2 or b"no terminal to write to" not in closed.stderr:
            raise SmokeFailed(f"with stdout closed the CLI did not refuse: {closed.returncode} {closed.stderr!r}")
        print("  ok  no terminal: refused, exit 2")

    from app.licences import VERSIONS_FILE, distributions

    versions = json.loads((bundle / "_internal" / VERSIONS_FILE).read_text(encoding="utf-8"))
    unversioned = [name for name in distributions() if not versions.get(name)]
    if unversioned:
        raise SmokeFailed(f"the About box would show no version for {unversioned}")
    print("  ok  the About box's component versions")

    if os.name == "nt":
        # A windowed exe has no stdout for the `ready` line: it must paint the unlock screen and quit with 0.
        started = time.perf_counter()
        check("Neuvo.exe to the unlock screen", run([gui, "gui", "--data-dir", data],
                                                    {"NEUVO_EXIT_WHEN_READY": "1"}))  # fmt: skip
        milliseconds = (time.perf_counter() - started) * 1000
    else:
        milliseconds = time_to_ready_line([str(gui), "gui", "--data-dir", str(data)])
    print(f"  ok  Neuvo to the unlock screen (offscreen), {milliseconds:.0f} ms")
    return data


def timed_executable(bundle: Path) -> Path:
    """What the start is timed with: the windowed Neuvo, or on Windows the console twin that can print `ready`."""
    return bundle / (f"neuvo-cli{EXE}" if os.name == "nt" else f"Neuvo{EXE}")


def bundle_size(bundle: Path) -> tuple[int, int]:
    """Bytes and regular files, symbolic links not followed (they take no space)."""
    total = files = 0
    for folder, _dirs, names in os.walk(bundle):
        for name in names:
            path = Path(folder) / name
            if path.is_symlink():
                continue
            total += path.stat().st_size
            files += 1
    return total, files


def start_times(bundle: Path, data: Path, rounds: int) -> tuple[float, float]:
    """Median milliseconds to the painted unlock screen: the frozen Neuvo, and `python -m app gui` (interleaved)."""
    frozen, source = [], []
    for _ in range(rounds):
        frozen.append(time_to_ready_line([str(timed_executable(bundle)), "gui", "--data-dir", str(data)]))
        source.append(time_to_ready_line([sys.executable, "-m", "app", "gui", "--data-dir", str(data)]))
    return median(frozen), median(source)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m release.smoke")
    parser.add_argument("--bundle", type=Path, default=REPOSITORY / "dist" / "Neuvo")
    parser.add_argument("--rounds", type=int, default=7)
    parser.add_argument("--json", type=Path, help="also write the figures here")
    args = parser.parse_args(argv)
    print(f"package: smoke test of {args.bundle}")
    with tempfile.TemporaryDirectory(prefix="neuvo-smoke-") as folder:
        try:
            data = smoke(args.bundle, Path(folder))
        except SmokeFailed as error:
            print(f"package: SMOKE TEST FAILED: {error}", file=sys.stderr)
            return 1
        started = time.perf_counter()
        frozen_ms, source_ms = start_times(args.bundle, data, args.rounds)
        timing_seconds = time.perf_counter() - started
    size, files = bundle_size(args.bundle)
    megabytes, ratio = size / 1e6, frozen_ms / source_ms
    size_verdict = "goal met" if megabytes <= SIZE_GOAL_MB else "GOAL MISSED"
    ratio_verdict = "goal met" if ratio <= START_RATIO_GOAL else "GOAL MISSED"
    print(f"package: {args.bundle.name}/ is {megabytes:.1f} MB in {files} files "
          f"(goal ≤ {SIZE_GOAL_MB:.0f} MB: {size_verdict})")  # fmt: skip
    print(f"package: start to the unlock screen, median of {args.rounds}: frozen {frozen_ms:.0f} ms, "
          f"python -m app {source_ms:.0f} ms: {ratio:.2f}× (goal ≤ {START_RATIO_GOAL}×: {ratio_verdict}; "
          f"{timing_seconds:.0f} s)")  # fmt: skip
    if args.json:
        args.json.parent.mkdir(parents=True, exist_ok=True)
        figures = {"version": __version__, "platform": sys.platform, "bytes": size, "files": files,
                   "frozen_start_ms": round(frozen_ms, 1), "source_start_ms": round(source_ms, 1),
                   "start_ratio": round(ratio, 3), "rounds": args.rounds}  # fmt: skip
        args.json.write_text(json.dumps(figures, indent=2) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
