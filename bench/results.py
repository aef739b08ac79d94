"""bench/RESULTS.md holds one section per benchmark; each run replaces its own section."""
from pathlib import Path

RESULTS = Path(__file__).resolve().parent / "RESULTS.md"


def replace_section(heading: str, body: str, path: Path = RESULTS) -> None:
    text = path.read_text("utf-8") if path.exists() else "# Benchmark results\n\n"
    start = text.find(heading)
    if start == -1:
        text = text.rstrip("\n") + "\n\n" + body
    else:
        end = text.find("\n## ", start + len(heading))
        text = text[:start] + body + (text[end + 1:] if end != -1 else "")
    path.write_text(text, "utf-8")
