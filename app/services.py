"""Operations that span the core packages, composed for the CLI and the GUI alike."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from engine.errors import EngineError
from identity.errors import IdentityError
from identity.user import create_identity
from vault import Keychain, Vault, VaultError

#: Errors the user can act on: shown as a message, never as a traceback.
USER_ERRORS: tuple[type[BaseException], ...] = (VaultError, EngineError, IdentityError)


def create_vault(passphrase: str, *, remember: bool = False, keychain: Keychain | None = None,
                 home: Path | None = None) -> Vault:
    """Create the vault and everything a new vault starts with (the user's did:key among them)."""
    vault = Vault.create(passphrase, home=home, remember=remember, keychain=keychain)
    try:
        create_identity(vault)
    except BaseException:
        vault.lock()
        raise
    return vault


class Hearth:
    """One per process: the vault (if open), the model pool, the retriever, the router and the
    dispatcher, composed into the one answer pipeline (``engine.answering.answer``) every surface calls.

    The desktop window, its quick ask and its plugin gateway share one ``Hearth``: one copy of
    each GGUF in memory, one memory budget. The vault may come and go (lock, unlock): set
    :attr:`vault`; the retriever, router and dispatcher follow it.
    """

    def __init__(self, vault: Vault | None = None, *, pool: Any = None, options: Any = None) -> None:
        from engine.running.pool import ModelPool

        self.vault = vault
        self.pool: ModelPool = pool if pool is not None else ModelPool(options=options)

    def answerer(self) -> Any:
        """The pipeline over this computer's models, the enabled remote models and, with the vault
        open, the person's paired devices that may be asked (:mod:`app.link.routed`)."""
        from app.routing import build_router, dispatcher, known_names
        from engine.answering.answer import Answerer
        from engine.models.registry import ModelRegistry
        from engine.routing.remote import RemoteRegistry

        vault = self.vault if self.vault is not None and self.vault.is_open else None
        registry, remotes = ModelRegistry(), RemoteRegistry()
        self.pool.registry = registry

        def searcher() -> Any:
            from engine.search.retrieval import retriever_for

            assert vault is not None
            return retriever_for(vault)

        if vault is not None:
            from app.link.routed import routed_answerer

            return routed_answerer(self.pool, vault, registry=registry, remotes=remotes, searcher=searcher)
        return Answerer(self.pool, vault=vault, searcher=searcher,
                        router=lambda: build_router(vault, registry, remotes),
                        dispatcher=dispatcher(self.pool, vault, remotes),
                        known_names=lambda: known_names(vault))

    def ask(self, question: str, **options: Any) -> Any:
        """``engine.answering.answer.Answerer.ask``: an AnswerStream of events ending in a Reply."""
        return self.answerer().ask(question, **options)

    def close(self) -> None:
        self.pool.close()

    def __enter__(self) -> Hearth:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()
