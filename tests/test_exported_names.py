"""Each core package's public names: listed in ``__all__``, importable, defined where they say.

A name that moves or disappears fails here rather than in a plugin or a later refactor
(httpx keeps the same check in tests/test_exported_members.py).
"""

from __future__ import annotations

import importlib
import subprocess
import sys

import pytest


@pytest.mark.parametrize("package", ["vault", "engine", "identity"])
def test_every_exported_name_exists_and_belongs_to_the_package(package: str) -> None:
    mod = importlib.import_module(package)
    assert mod.__all__ == sorted(set(mod.__all__)), "keep __all__ sorted and unique"
    for name in mod.__all__:
        obj = getattr(mod, name)
        home = getattr(obj, "__module__", package) or package
        assert home.split(".")[0] == package, (name, home)


def test_the_pipeline_and_errors_are_public() -> None:
    import engine
    import identity
    import vault

    assert {"Answerer", "Reply", "Quote", "EngineError", "ModelPool", "Retriever"} <= set(engine.__all__)
    assert {"Grant", "IdentityError", "GrantRevoked", "SCOPES"} <= set(identity.__all__)
    assert {"Vault", "VaultError", "WrongPassphrase", "VaultLocked"} <= set(vault.__all__)
    with pytest.raises(AttributeError):
        engine.no_such_name  # noqa: B018


def test_importing_the_packages_loads_no_model_runtime() -> None:
    heavy = "('llama_cpp', 'onnxruntime', 'didkit', 'chromadb')"
    code = f"import sys, engine, identity, vault; print(sorted(m for m in {heavy} if m in sys.modules))"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"
