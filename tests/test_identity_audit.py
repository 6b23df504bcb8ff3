"""The hash-chained audit log and DIDAuth pairing, against a real vault and real didkit."""

from __future__ import annotations

import json

import pytest

from identity import audit
from identity.errors import AuditBroken, InvalidDid, NoSession, PairingFailed
from identity.holder import present
from identity.keys import Keypair
from identity.pairing import Pairing
from tests.identity_fixtures import edit_payload, forge_jws, jwt_parts, plugin, vault

__all__ = ["plugin", "vault"]


def _fill(v, n=5):
    for i in range(n):
        audit.append(v, app_did="did:key:z6Mkapp", app_name="App", scope="notes.read",
                     decision="allow" if i % 2 == 0 else "deny", reason="ok" if i % 2 == 0 else "no",
                     items=[f"note:{i}"])


def test_chain_verifies_and_holds_no_contents(vault):
    _fill(vault)
    assert audit.verify(vault) == 5
    listed = audit.entries(vault)
    assert [e.seq for e in listed] == [1, 2, 3, 4, 5]
    assert listed[1].prev_hash == listed[0].hash
    assert [e.seq for e in audit.entries(vault, limit=2)] == [4, 5]
    assert audit.entries(vault, app_did="did:key:other") == []


@pytest.mark.parametrize("tamper", [
    "UPDATE audit SET decision = 'allow' WHERE seq = 2",
    "UPDATE audit SET items = '[]' WHERE seq = 3",
    "DELETE FROM audit WHERE seq = 3",
    "DELETE FROM audit WHERE seq = 5",                      # truncation: only the sealed head sees it
    "DELETE FROM audit",
    "UPDATE settings SET value = '{\"seq\": 4, \"hash\": \"x\", \"mac\": \"y\"}' WHERE key = 'audit_head'",
])
def test_any_edit_breaks_the_chain(vault, tamper):
    _fill(vault)
    vault.execute(tamper)
    with pytest.raises(AuditBroken):
        audit.verify(vault)


def test_rehashing_an_edited_entry_is_still_caught(vault):
    """An attacker who recomputes the hashes after an edit still cannot fix the sealed head."""
    _fill(vault)
    vault.execute("UPDATE audit SET decision = 'allow', reason = 'ok' WHERE seq = 4")
    rows = vault.query("SELECT * FROM audit ORDER BY seq")
    prev = audit.GENESIS
    for row in rows:
        fields = {k: (json.loads(row[k]) if k == "items" else row[k]) for k in audit._FIELDS}
        digest = audit._entry_hash(prev, fields)
        vault.execute("UPDATE audit SET prev_hash = ?, hash = ? WHERE seq = ?", (prev, digest, row["seq"]))
        prev = digest
    with pytest.raises(AuditBroken, match="sealed head"):
        audit.verify(vault)


def test_many_items_are_capped_with_a_count(vault):
    entry = audit.append(vault, app_did="did:key:z6Mkapp", decision="allow",
                         items=[f"note:{i}" for i in range(250)])
    assert len(entry.items) == audit.MAX_ITEMS + 1 and entry.items[-1] == "+50 more"
    assert audit.verify(vault) == 1


# -- pairing ------------------------------------------------------------------------------------------

DOMAIN = "hearth:test-vault"


def test_pairing_gives_a_session_bound_to_the_did(plugin):
    pairing = Pairing(domain=DOMAIN)
    challenge = pairing.hello(plugin.did)
    token, session = pairing.prove(present(plugin, challenge=challenge.value, domain=DOMAIN))
    assert session.did == plugin.did
    assert pairing.session(token).did == plugin.did
    with pytest.raises(NoSession):
        pairing.session("hs_" + "A" * 43)
    with pytest.raises(NoSession):
        pairing.session(None)
    pairing.end_all(plugin.did)  # what revoking the app does
    with pytest.raises(NoSession):
        pairing.session(token)


def test_replayed_presentation_fails(plugin):
    pairing = Pairing(domain=DOMAIN)
    vp = present(plugin, challenge=pairing.hello(plugin.did).value, domain=DOMAIN)
    pairing.prove(vp)
    with pytest.raises(PairingFailed, match="already used"):
        pairing.prove(vp)


def test_stale_challenge_fails(plugin):
    now = [1000.0]
    pairing = Pairing(domain=DOMAIN, clock=lambda: now[0])
    challenge = pairing.hello(plugin.did)
    now[0] += 31
    with pytest.raises(PairingFailed, match="expired"):
        pairing.prove(present(plugin, challenge=challenge.value, domain=DOMAIN))


def test_session_expires(plugin):
    now = [1000.0]
    pairing = Pairing(domain=DOMAIN, clock=lambda: now[0], session_ttl=60)
    token, _ = pairing.prove(present(plugin, challenge=pairing.hello(plugin.did).value, domain=DOMAIN))
    now[0] += 61
    with pytest.raises(NoSession):
        pairing.session(token)


def test_wrong_audience_fails(plugin):
    pairing = Pairing(domain=DOMAIN)
    challenge = pairing.hello(plugin.did)
    with pytest.raises(PairingFailed, match="audience"):
        pairing.prove(present(plugin, challenge=challenge.value, domain="hearth:another-vault"))


def test_presentation_from_another_did_fails(plugin):
    pairing = Pairing(domain=DOMAIN)
    challenge = pairing.hello(plugin.did)
    other = Keypair.generate()
    with pytest.raises(PairingFailed, match="not from the DID"):
        pairing.prove(present(other, challenge=challenge.value, domain=DOMAIN))


def test_attacker_key_with_victims_kid_fails(plugin):
    pairing = Pairing(domain=DOMAIN)
    challenge = pairing.hello(plugin.did)
    header, payload = jwt_parts(present(plugin, challenge=challenge.value, domain=DOMAIN))
    with pytest.raises(PairingFailed, match="does not verify"):
        pairing.prove(forge_jws(header, payload, Keypair.generate()))


def test_edited_presentation_fails(plugin):
    pairing = Pairing(domain=DOMAIN)
    first = pairing.hello(plugin.did)
    second = pairing.hello(plugin.did)
    vp = present(plugin, challenge=first.value, domain=DOMAIN)
    with pytest.raises(PairingFailed):
        pairing.prove(edit_payload(vp, nonce=second.value))


def test_alg_none_presentation_fails(plugin):
    pairing = Pairing(domain=DOMAIN)
    challenge = pairing.hello(plugin.did)
    header, payload = jwt_parts(present(plugin, challenge=challenge.value, domain=DOMAIN))
    with pytest.raises(PairingFailed, match="unsigned"):
        pairing.prove(forge_jws({**header, "alg": "none"}, payload, None))
    with pytest.raises(PairingFailed, match="EdDSA"):
        pairing.prove(forge_jws({**header, "alg": "none"}, payload, plugin))


def test_holder_must_be_the_signer(plugin):
    pairing = Pairing(domain=DOMAIN)
    challenge = pairing.hello(plugin.did)
    header, payload = jwt_parts(present(plugin, challenge=challenge.value, domain=DOMAIN))
    payload["vp"]["holder"] = Keypair.generate().did
    with pytest.raises(PairingFailed, match="holder"):
        pairing.prove(forge_jws(header, payload, plugin))


@pytest.mark.parametrize("did", ["did:web:example.com", "did:key:zQ3sh", 42, None])
def test_hello_refuses_non_key_dids(did):
    with pytest.raises(InvalidDid):
        Pairing(domain=DOMAIN).hello(did)


@pytest.mark.parametrize("junk", ["", "a.b", "a.b.c", "x" * 20000, None, 7, "..."])
def test_junk_presentations_fail_cleanly(junk):
    with pytest.raises(PairingFailed):
        Pairing(domain=DOMAIN).prove(junk)
