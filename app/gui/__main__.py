"""``python -m app.gui [--quick]``: the desktop app without the CLI in front of it."""

import sys

from app.gui import run_gui
from app.hardening import harden_process

harden_process()
sys.exit(run_gui(sys.argv[1:]))
