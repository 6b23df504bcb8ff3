"""scripts/check-boundaries: the real tree passes, and a tree that breaks a rule fails, naming the line.

The script finds the tree from its own location, so the failing cases run a copy of it at the top
of a small tree in ``tmp_path`` that holds only the files under test.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SCRIPT = ROOT / "scripts" / "check-boundaries"


def run(root: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, str(root / "scripts" / "check-boundaries")],
                          capture_output=True, text=True, timeout=120)


def tree(tmp_path: Path, files: dict[str, str]) -> Path:
    (tmp_path / "scripts").mkdir()
    shutil.copy(SCRIPT, tmp_path / "scripts" / "check-boundaries")
    for name, text in files.items():
        path = tmp_path / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    return tmp_path


STORE = 'def load(vault):\n    return vault.query_one("SELECT did FROM identity WHERE id = 1")\n'


def test_the_real_tree_keeps_its_boundaries() -> None:
    result = run(ROOT)
    assert result.returncode == 0, result.stdout + result.stderr
    assert result.stdout == ""


def test_identity_store_may_speak_sql(tmp_path: Path) -> None:
    result = run(tree(tmp_path, {"identity/store.py": STORE}))
    assert result.returncode == 0, result.stdout + result.stderr


@pytest.mark.parametrize(("name", "text", "line", "what"), [
    ("identity/grants.py",
     '"""Grants."""\n\n\ndef revoke(vault):\n    vault.execute("UPDATE grants SET x = 1")\n',
     5, "calls .execute()"),
    ("identity/audit.py", 'HEAD = 1\nSQL = "SELECT seq FROM audit"\n', 2, "SQL text in identity/"),
    ("identity/apps.py", "def read(vault):\n    with vault.connection() as conn:\n        return conn\n",
     2, "calls .connection()"),
    ("app/gui/view.py", "def rows(vault):\n    return vault.query('x')\n", 2, "calls .query()"),
    ("engine/answering/answer.py", "def key(vault):\n    return vault.raw_key()\n", 2,
     "reads the vault's raw key"),
])
def test_sql_outside_its_owner_fails_naming_the_line(tmp_path: Path, name: str, text: str, line: int,
                                                     what: str) -> None:
    result = run(tree(tmp_path, {"identity/store.py": STORE, name: text}))
    assert result.returncode == 1
    lines = result.stdout.splitlines()
    assert any(entry.startswith(f"{name}:{line}: {what}") for entry in lines), lines
    assert all(entry.startswith(f"{name}:") for entry in lines), lines  # identity/store.py is allowed


def test_engine_speaks_sql_only_in_its_eval_store(tmp_path: Path) -> None:
    store = 'def runs(vault):\n    return vault.query("SELECT id FROM eval_runs")\n'
    evals = 'def n(vault):\n    return vault.query("SELECT 1 FROM eval_results")\n'
    # A vector index's nearest-neighbour search is not SQL.
    index = ("def near(index, collection, v):\n    index.query(v, k=5)\n"
             "    return collection.query(query_embeddings=v, n_results=5)\n")
    result = run(tree(tmp_path, {"engine/routing/eval_store.py": store, "engine/search/index.py": index}))
    assert result.returncode == 0, result.stdout
    (tmp_path / "b").mkdir()
    result = run(tree(tmp_path / "b", {"engine/routing/eval_store.py": store,
                                       "engine/routing/evals.py": evals}))
    assert result.returncode == 1
    assert result.stdout.splitlines() == [
        "engine/routing/evals.py:2: calls .query() (SQL belongs to the module that owns the table)",
        "engine/routing/evals.py:2: SQL text in engine/"]
