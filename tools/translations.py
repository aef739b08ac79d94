"""Regenerate and compile the interface translations (`make translations`).

    python tools/translations.py            lupdate app/windows into the .ts files (existing
                                            translations are kept), then lrelease to .qm
    python tools/translations.py --check    exit 1 listing every string without a finished
                                            translation (the .ts files are not changed)
    python tools/translations.py --english-from-source
                                            after reviewing new English source strings: take
                                            each one as its own English translation

English is the source language; each LANGUAGES entry has resources/translations/
marketdesk_<lang>.ts (edited by translators, e.g. in pyside6-linguist) and its compiled .qm,
both committed so a checkout runs without the Qt tools."""
from __future__ import annotations

import argparse
import shutil
import subprocess
import sys
import tempfile
import xml.etree.ElementTree as ET
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SOURCES = ROOT / "app" / "windows"
TRANSLATIONS = ROOT / "resources" / "translations"
LANGUAGES = ("zh_CN", "en")


def tool(name: str) -> str:
    """The PySide6 wrapper next to the running interpreter (the venv), else on PATH."""
    beside = Path(sys.executable).parent / name
    found = str(beside) if beside.exists() else shutil.which(name)
    if not found:
        raise SystemExit(f"{name} not found: install PySide6 (pip install -e '.[test]')")
    return found


def ts_path(language: str) -> Path:
    return TRANSLATIONS / f"marketdesk_{language}.ts"


def qm_path(language: str) -> Path:
    return TRANSLATIONS / f"marketdesk_{language}.qm"


def update(ts: Path) -> None:
    """Add new source strings, mark vanished ones, keep every existing translation. Without
    source locations, so moving code does not rewrite the .ts file."""
    sources = sorted(str(p) for p in SOURCES.rglob("*.py"))
    subprocess.run([tool("pyside6-lupdate"), *sources, "-no-obsolete", "-locations", "none",
                    "-source-language", "en", "-target-language", ts.stem.split("_", 1)[1],
                    "-ts", str(ts)], check=True, capture_output=True, text=True)


def release(ts: Path, qm: Path) -> None:
    subprocess.run([tool("pyside6-lrelease"), str(ts), "-qm", str(qm)], check=True,
                   capture_output=True, text=True)


def unfinished(ts: Path) -> list[str]:
    """'context: source' of every message whose translation is missing or unfinished."""
    missing = []
    for context in ET.parse(ts).getroot().iter("context"):
        name = context.findtext("name")
        for message in context.iter("message"):
            translation = message.find("translation")
            if translation is None or translation.get("type") or not (translation.text or "").strip():
                missing.append(f"{name}: {message.findtext('source')}")
    return missing


def english_from_source(ts: Path) -> None:
    """English is the source language: a reviewed source string is its own English text."""
    tree = ET.parse(ts)
    for message in tree.getroot().iter("message"):
        translation = message.find("translation")
        if translation is not None and (translation.get("type") or not (translation.text or "").strip()):
            translation.text = message.findtext("source")
            translation.attrib.pop("type", None)
    tree.write(ts, encoding="utf-8", xml_declaration=True)
    text = ts.read_text(encoding="utf-8")
    if "<!DOCTYPE TS>" not in text:
        ts.write_text(text.replace("?>\n", "?>\n<!DOCTYPE TS>\n", 1), encoding="utf-8")


def check(language: str) -> list[str]:
    """What lupdate would find untranslated now, without touching the committed file."""
    with tempfile.TemporaryDirectory() as tmp:
        copy = Path(tmp) / ts_path(language).name
        if ts_path(language).exists():
            shutil.copy(ts_path(language), copy)
        update(copy)
        return unfinished(copy)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="list untranslated strings, exit 1 if any")
    parser.add_argument("--english-from-source", action="store_true",
                        help="fill unfinished English translations with their (reviewed) source text")
    args = parser.parse_args(argv)
    if args.english_from_source:
        update(ts_path("en"))
        english_from_source(ts_path("en"))
    status = 0
    for language in LANGUAGES:
        if args.check:
            missing = check(language)
        else:
            update(ts_path(language))
            release(ts_path(language), qm_path(language))
            missing = unfinished(ts_path(language))
        for entry in missing:
            print(f"{language}: untranslated: {entry}")
        status |= bool(missing)
    return status if args.check else 0


if __name__ == "__main__":
    sys.exit(main())
