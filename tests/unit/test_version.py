"""One version: pyproject.toml's, also when the package metadata is missing (a source tree)."""
import re
from pathlib import Path

import app


def test_fallback_version_equals_the_project_version():
    text = (Path(app.ROOT_DIR) / "pyproject.toml").read_text(encoding="utf-8")
    (version,) = re.findall(r'^version = "([^"]+)"', text, flags=re.M)
    source = (Path(app.__file__)).read_text(encoding="utf-8")
    assert f'__version__ = "{version}"' in source
