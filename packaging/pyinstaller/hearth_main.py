"""The frozen bundle's entry point: the ``hearth`` command (``app.cli:main``)."""

import multiprocessing

from app.cli import main

if __name__ == "__main__":
    # A no-op unless some library spawns a child with multiprocessing; then the
    # frozen executable must act as that child instead of starting Hearth again.
    multiprocessing.freeze_support()
    raise SystemExit(main())
