"""Hostile directory files are refused within bounded memory: each is read in a child process whose address space
is capped (resource.setrlimit) at what the importer has after start-up plus 256 MiB."""

from __future__ import annotations

import subprocess
import sys
import textwrap
import zipfile
from pathlib import Path

import pytest

HEADROOM = 256 * 1024 * 1024

READER = textwrap.dedent(
    """
    import resource, sys
    from pathlib import Path
    from app.directory.formats import read_records
    from app.errors import ImportProblem

    def address_space():
        for line in open("/proc/self/status"):
            if line.startswith("VmSize:"):
                return int(line.split()[1]) * 1024
        raise SystemExit("no /proc")

    limit = address_space() + int(sys.argv[3])
    resource.setrlimit(resource.RLIMIT_AS, (limit, limit))
    try:
        fmt, records = read_records(Path(sys.argv[1]), "auto", "en", skip_bad=sys.argv[2] == "skip")
        count = sum(1 for _ in records)
    except ImportProblem as problem:
        print("refused:", problem)
        raise SystemExit(0)
    except MemoryError:
        print("out of memory")
        raise SystemExit(3)
    print("read", count)
    """
)


def read_capped(path: Path, skip_bad: bool = False) -> str:
    completed = subprocess.run(
        [sys.executable, "-c", READER, str(path), "skip" if skip_bad else "strict", str(HEADROOM)],
        capture_output=True,
        text=True,
        timeout=300,
        cwd=Path(__file__).resolve().parents[2],
    )
    assert completed.returncode == 0, completed.stdout + completed.stderr
    return completed.stdout.strip()


@pytest.mark.skipif(not Path("/proc/self/status").exists(), reason="reads the address space from /proc")
def test_deep_nesting_is_refused_at_once(tmp_path: Path) -> None:
    deep = tmp_path / "deep.json"
    deep.write_bytes(b'{"contents": [' + b"[" * 100_000 + b"]" * 100_000 + b"]}")
    assert "nested more than 64 levels" in read_capped(deep)
    lines = tmp_path / "deep.jsonl"
    lines.write_bytes(b'{"id": "a", "name": "A"}\n' + b'{"x":' * 100_000 + b"1" + b"}" * 100_000 + b"\n")
    assert "nested more than 64 levels" in read_capped(lines)


@pytest.mark.skipif(not Path("/proc/self/status").exists(), reason="reads the address space from /proc")
def test_a_zip_that_holds_far_more_than_it_declares_is_refused_without_unpacking_it(tmp_path: Path) -> None:
    bomb = tmp_path / "bomb.zip"
    with zipfile.ZipFile(bomb, "w", compression=zipfile.ZIP_DEFLATED, compresslevel=1) as bundle:
        bundle.writestr("datapackage.json", "{}")
        with bundle.open("services.csv", "w", force_zip64=True) as member:
            member.write(b"id,name\n")
            block = b"x," + b"y" * 1_048_000 + b"\n"
            for _ in range(400):  # 400 MiB inside, about 1 MiB on disk
                member.write(block)
    _declare_small(bomb, "services.csv", 1000)
    assert "does not match its header" in read_capped(bomb)
    honest = tmp_path / "honest.zip"
    with zipfile.ZipFile(honest, "w", compression=zipfile.ZIP_DEFLATED, compresslevel=1) as bundle:
        bundle.writestr("datapackage.json", "{}")
        bundle.writestr("services.csv", b"id,name\n" + b"y" * (210 * 1024 * 1024))
    assert "unpacks to more than" in read_capped(honest)


def _declare_small(archive: Path, name: str, size: int) -> None:
    """Rewrite the member's declared unpacked size in its local and central headers (zip64 extra fields too)."""
    with zipfile.ZipFile(archive) as bundle:
        info = bundle.getinfo(name)
    data = bytearray(archive.read_bytes())
    local = info.header_offset
    assert data[local : local + 4] == b"PK\x03\x04"
    data[local + 22 : local + 26] = size.to_bytes(4, "little")
    position = 0
    while (position := data.find(b"PK\x01\x02", position)) != -1:
        name_length = int.from_bytes(data[position + 28 : position + 30], "little")
        extra_length = int.from_bytes(data[position + 30 : position + 32], "little")
        if bytes(data[position + 46 : position + 46 + name_length]) == name.encode():
            data[position + 24 : position + 28] = size.to_bytes(4, "little")
            extra = position + 46 + name_length
            end = extra + extra_length
            while extra + 4 <= end:  # the zip64 extra field holds the real sizes: declare small there too
                tag = int.from_bytes(data[extra : extra + 2], "little")
                length = int.from_bytes(data[extra + 2 : extra + 4], "little")
                if tag == 0x0001 and length >= 8:
                    data[extra + 4 : extra + 12] = size.to_bytes(8, "little")
                extra += 4 + length
        position += 4
    archive.write_bytes(bytes(data))


@pytest.mark.skipif(not Path("/proc/self/status").exists(), reason="reads the address space from /proc")
def test_fifty_megabytes_of_empty_records_stream(tmp_path: Path) -> None:
    wide = tmp_path / "wide.json"
    with wide.open("wb") as handle:
        handle.write(b"[")
        handle.write(b"{}," * (50 * 1024 * 1024 // 3))
        handle.write(b"{}]")
    assert "not an HSDS service" in read_capped(wide)
    assert "more than 1000 records cannot be read" in read_capped(wide, skip_bad=True)
