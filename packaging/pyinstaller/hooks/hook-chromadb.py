"""chromadb picks its parts by dotted name from ``chromadb.config.Settings``.

Import analysis cannot see those names, so the local (embedded) implementations
Hearth uses are listed here; the server, CLI, test and distributed parts are left out.
"""

from PyInstaller.utils.hooks import collect_data_files, copy_metadata

hiddenimports = [
    "chromadb.api.rust",
    "chromadb.api.segment",
    "chromadb.db.impl.sqlite",
    "chromadb.execution.executor.local",
    "chromadb.quota.simple_quota_enforcer",
    "chromadb.rate_limit.simple_rate_limit",
    "chromadb.segment.impl.manager.local",
    "chromadb.telemetry.product.posthog",
    "chromadb_rust_bindings",
]
excludedimports = ["chromadb.test", "chromadb.server", "chromadb.cli", "kubernetes"]
datas = collect_data_files("chromadb", includes=["migrations/**/*.sql", "*.pyi"])
datas += copy_metadata("chromadb")
