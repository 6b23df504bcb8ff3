"""The shared folder of real files, for the tests that read it: found, or each such test FAILS.

A check that could not run is not a pass, so a test that needs the folder never skips: it fails
with this module's message, which says where the folder is looked for (``bench.wild.wild_folder``:
``HEARTH_WILD``, else ``shared/wild`` in the checkout or a folder above it, as on CI). A module
that needs it in every test imports :data:`WILD` and the autouse fixture :func:`wild_is_here`;
a test elsewhere calls :func:`wild`.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from bench.wild import ROOT, wild_folder

WILD = wild_folder()


def missing() -> str:
    """Why the folder was not found, and how to point the tests at it."""
    named = os.environ.get("HEARTH_WILD")
    if named:
        return f"HEARTH_WILD is set to {named!r}, which is not a folder"
    return (f"the shared folder of real files was not found: no shared/wild in {ROOT} or any folder "
            "above it. Set HEARTH_WILD to the folder (e.g. HEARTH_WILD=/path/to/shared/wild); these "
            "tests fail rather than skip, because a check that did not run did not pass")


@pytest.fixture(autouse=True)
def wild_is_here() -> None:
    if WILD is None:
        pytest.fail(missing(), pytrace=False)


def wild() -> Path:
    """The folder, for a test in a module where not every test needs it; fails without it."""
    if WILD is None:
        pytest.fail(missing(), pytrace=False)
    return WILD
