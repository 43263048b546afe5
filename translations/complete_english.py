"""Marks every English message as translated by its own source text (the code is written in English).

Run by `make lupdate` after pyside6-lupdate, so that neuvo_en.ts stays complete.
"""

from __future__ import annotations

import sys
import xml.etree.ElementTree as ElementTree
from pathlib import Path


def complete(path: Path) -> int:
    tree = ElementTree.parse(path)
    changed = 0
    for message in tree.iter("message"):
        source = message.find("source")
        translation = message.find("translation")
        if source is None or translation is None:
            continue
        if message.get("numerus") == "yes":
            forms = translation.findall("numerusform") or [ElementTree.SubElement(translation, "numerusform")]
            for form in forms:
                if not form.text:
                    form.text = source.text
                    changed += 1
        elif not translation.text:
            translation.text = source.text
            changed += 1
        if translation.get("type") == "unfinished":
            del translation.attrib["type"]
            changed += 1
    tree.write(path, encoding="utf-8", xml_declaration=True)
    return changed


if __name__ == "__main__":
    for name in sys.argv[1:]:
        print(f"{name}: {complete(Path(name))} English messages completed")
