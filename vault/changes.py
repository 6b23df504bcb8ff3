"""Has the vault changed since a view last read it? A cheap check, for views that show vault data.

:func:`data_version` returns a token that changes whenever anyone commits a change to the
vault: SQLite's ``PRAGMA data_version`` moves when *another* connection commits (another
Hearth process, the command line), and this connection's ``total_changes`` moves when this
process writes (the window, its plugin gateway). A view keeps the token it read with and asks
again when it is shown or on a timer; comparing costs one PRAGMA (microseconds), so a view
can refresh exactly when something changed, whoever changed it.
"""

from __future__ import annotations

from dataclasses import dataclass

from vault.store import Vault


@dataclass(frozen=True)
class DataVersion:
    external: int   # PRAGMA data_version: commits by other connections
    local: int      # total_changes of this process's connection


def data_version(vault: Vault) -> DataVersion:
    """The vault's current change token (raises ``VaultLocked`` when it is locked)."""
    with vault.connection() as conn:
        external = int(conn.execute("PRAGMA data_version").fetchone()[0])
        return DataVersion(external, int(conn.total_changes))
