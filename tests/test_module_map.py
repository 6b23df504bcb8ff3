"""The README's module map is the code's: every module, with its docstring's first line."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def test_readme_module_map_matches_the_code() -> None:
    expected = subprocess.run([sys.executable, str(ROOT / "scripts" / "module-map")], check=True,
                              capture_output=True, text=True).stdout.strip()
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    begin, end = "<!-- module-map:begin -->", "<!-- module-map:end -->"
    assert begin in readme and end in readme, "README.md has no module map section"
    shown = readme[readme.index(begin):readme.index(end) + len(end)]
    assert shown == expected, "the README's module map is stale: run scripts/module-map --write"
