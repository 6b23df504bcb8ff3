"""The plugin's side of pairing: answer a challenge with a VP-JWT.

Hearth itself never pairs with anyone; this is what its tests, benchmark and
tooling use to act as a plugin. A plugin written in another language does the
same: sign a VP-JWT whose ``nonce`` is the challenge and ``aud`` the domain.
"""

from __future__ import annotations

from identity import proofs
from identity.keys import Keypair


def present(pair: Keypair, *, challenge: str, domain: str) -> str:
    presentation = {"@context": ["https://www.w3.org/2018/credentials/v1"],
                    "type": ["VerifiablePresentation"], "holder": pair.did}
    return proofs.issue_vp_jwt(presentation, pair.jwk, method=pair.key_id, challenge=challenge,
                               domain=domain)
