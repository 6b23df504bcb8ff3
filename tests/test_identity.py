"""The identity core with real didkit and a real SQLCipher vault: DIDs, keys, grants, consent."""

from __future__ import annotations

import json
import subprocess
import sys
import textwrap
import time

import pytest

from identity import consent, grants, proofs
from identity.apps import register_app
from identity.didkey import fingerprint, public_key_bytes, require_key_did
from identity.errors import (
    ConsentDenied,
    GrantDenied,
    GrantExpired,
    GrantRevoked,
    GrantSubjectMismatch,
    GrantUsed,
    InvalidDid,
    InvalidGrant,
    InvalidProof,
    NoIdentity,
    NotFound,
    PairingFailed,
    UnknownScope,
)
from identity.keys import Keypair
from identity.scopes import SCOPES, data_classes, require_scopes
from identity.user import create_identity, load_identity, user_did
from tests.conftest import PASSPHRASE, TEST_KDF, run_cli
from tests.identity_fixtures import edit_payload, forge_jws, jwt_parts, make_vault, plugin, vault
from vault import Vault

__all__ = ["plugin", "vault"]


# -- DIDs and keys --------------------------------------------------------------------------------

def test_vault_creation_gives_the_user_a_key_did(home, no_keychain):
    from app.services import create_vault

    v = create_vault(PASSPHRASE, keychain=no_keychain, home=home)
    try:
        did = user_did(v)
        assert did.startswith("did:key:z6Mk")
        pair = load_identity(v)
        assert pair.did == did
        row = v.query_one("SELECT secret_jwk FROM identity")
        assert json.loads(row[0])["d"]
    finally:
        v.lock()
    # The secret lives only inside the encrypted vault file.
    seed = json.loads(pair.jwk)["d"].encode()
    for path in home.rglob("*"):
        if path.is_file():
            assert seed not in path.read_bytes(), path


def test_a_vault_without_identity_says_so(home, no_keychain):
    v = Vault.create(PASSPHRASE, home=home, keychain=no_keychain, kdf_log2_n=TEST_KDF)
    with v, pytest.raises(NoIdentity):
        load_identity(v)
    with Vault.unlock(home=home, passphrase=PASSPHRASE, keychain=no_keychain) as v2:
        did = create_identity(v2)
        assert create_identity(v2) == did  # idempotent


@pytest.mark.parametrize("bad", [
    "did:web:example.com", "did:ion:EiA", "did:ethr:0xabc",
    "did:key:zQ3shokFTS3brHcDQrn82RUDfCZESWL1ZdCEJwekUDPQiYBme",
    "did:key:z6LSbysY2xFMRpGMhb7tFTLMpeuPRaqaWM1yECx2AtzE3KCc", "did:key:z6Mk", "", "did:key:z6Mk0OIl",
    "did:key:z6MkhaXgBZDvotDkL5257faiztiGiC2QtKLGpbnnEGta2doK#frag",
])
def test_only_ed25519_did_key_is_accepted(bad):
    with pytest.raises(InvalidDid):
        require_key_did(bad)


def test_did_round_trips_through_its_public_key(plugin):
    assert len(public_key_bytes(plugin.did)) == 32
    assert require_key_did(plugin.did) == plugin.did
    assert len(fingerprint(plugin.did).split()) == 4


def test_a_jwk_whose_halves_disagree_is_refused():
    a, b = Keypair.generate(), Keypair.generate()
    mixed = dict(json.loads(a.jwk), x=json.loads(b.jwk)["x"])
    with pytest.raises(InvalidProof):
        Keypair.from_jwk(json.dumps(mixed))
    assert Keypair.from_jwk(a.jwk) == a


# -- scopes ---------------------------------------------------------------------------------------

def test_scope_registry_is_closed_and_labelled():
    assert set(SCOPES) == {"notes.read", "documents.search", "mail.search", "calendar.read",
                           "contacts.read", "assistant.personal", "assistant.general", "embeddings",
                           "memory.write"}
    assert all(info.label for info in SCOPES.values())
    assert require_scopes(["embeddings", "notes.read", "notes.read"]) == ("notes.read", "embeddings")
    for bad in (["*"], ["notes.*"], ["notes.write"], [], "notes.read", [1], None):
        with pytest.raises(UnknownScope):
            require_scopes(bad)
    assert data_classes(["notes.read", "assistant.personal"]) == {"notes"}


# -- grants ---------------------------------------------------------------------------------------

def _grant(v, plugin_did, scopes=("notes.read",), **kw):
    register_app(v, plugin_did, name="Test plugin", exe_path="/usr/bin/test-plugin")
    return grants.issue_grant(v, app_did=plugin_did, scopes=list(scopes), purpose="testing", **kw)


def test_grant_is_a_vc_jwt_from_user_to_plugin(vault, plugin):
    g = _grant(vault, plugin.did, ("notes.read", "embeddings"))
    header, payload = jwt_parts(g.vc_jwt)
    assert header["alg"] == "EdDSA"
    assert payload["iss"] == user_did(vault) and payload["sub"] == plugin.did
    assert payload["vc"]["credentialSubject"]["scopes"] == ["notes.read", "embeddings"]
    assert payload["exp"] == int(g.expires_at)
    proofs.verify_vc_jwt(g.vc_jwt)
    issuer = user_did(vault)
    assert grants.check_grant(vault, g.vc_jwt, presenter=plugin.did, issuer=issuer,
                              scope="notes.read").id == g.id


def test_scope_outside_the_grant_is_denied(vault, plugin):
    g = _grant(vault, plugin.did)
    with pytest.raises(GrantDenied) as err:
        grants.check_grant(vault, g.vc_jwt, presenter=plugin.did, issuer=user_did(vault),
                           scope="contacts.read")
    assert err.value.code == "scope_not_granted"


def test_edited_grant_adding_a_scope_fails(vault, plugin):
    g = _grant(vault, plugin.did)
    _, payload = jwt_parts(g.vc_jwt)
    payload["vc"]["credentialSubject"]["scopes"] = ["notes.read", "contacts.read"]
    edited = edit_payload(g.vc_jwt, vc=payload["vc"])
    with pytest.raises(InvalidGrant):
        grants.check_grant(vault, edited, presenter=plugin.did, issuer=user_did(vault),
                           scope="contacts.read")
    with pytest.raises(InvalidProof):
        proofs.verify_vc_jwt(edited)


def test_forged_grant_signed_by_another_key_with_the_users_kid_fails(vault, plugin):
    g = _grant(vault, plugin.did)
    header, payload = jwt_parts(g.vc_jwt)
    forged = forge_jws(header, payload, Keypair.generate())
    with pytest.raises(InvalidGrant):
        grants.check_grant(vault, forged, presenter=plugin.did, issuer=user_did(vault))
    with pytest.raises(InvalidProof):
        proofs.verify_vc_jwt(forged)


def test_alg_none_grant_fails(vault, plugin):
    g = _grant(vault, plugin.did)
    header, payload = jwt_parts(g.vc_jwt)
    with pytest.raises(InvalidGrant):
        grants.check_grant(vault, forge_jws({**header, "alg": "none"}, payload, None),
                           presenter=plugin.did, issuer=user_did(vault))


def test_self_issued_grant_fails(vault, plugin):
    _grant(vault, plugin.did)
    cred = {"@context": ["https://www.w3.org/2018/credentials/v1"], "id": "urn:hearth:grant:abc",
            "type": ["VerifiableCredential"], "issuer": plugin.did,
            "issuanceDate": "2024-01-01T00:00:00Z", "expirationDate": "2090-01-01T00:00:00Z",
            "credentialSubject": {"id": plugin.did, "scopes": ["notes.read"]}}
    token = proofs.issue_vc_jwt(cred, plugin.jwk, method=plugin.key_id)
    proofs.verify_vc_jwt(token)  # didkit alone is happy with it
    with pytest.raises(InvalidGrant):
        grants.check_grant(vault, token, presenter=plugin.did, issuer=user_did(vault))


def test_grant_from_another_hearth_fails(home, tmp_path, no_keychain, vault, plugin):
    (tmp_path / "other").mkdir(mode=0o700)
    other = make_vault(tmp_path / "other", no_keychain)
    try:
        foreign = _grant(other, plugin.did)
    finally:
        other.lock()
    with pytest.raises(InvalidGrant):
        grants.check_grant(vault, foreign.vc_jwt, presenter=plugin.did, issuer=user_did(vault))


def test_grant_presented_by_another_plugin_fails(vault, plugin):
    g = _grant(vault, plugin.did)
    thief = Keypair.generate()
    with pytest.raises(GrantSubjectMismatch):
        grants.check_grant(vault, g.vc_jwt, presenter=thief.did, issuer=user_did(vault))


def test_revoked_grant_fails_on_the_next_check(vault, plugin):
    g = _grant(vault, plugin.did)
    issuer = user_did(vault)
    grants.check_grant(vault, g.vc_jwt, presenter=plugin.did, issuer=issuer)
    grants.revoke_grant(vault, g.id)
    with pytest.raises(GrantRevoked):
        grants.check_grant(vault, g.vc_jwt, presenter=plugin.did, issuer=issuer)
    with pytest.raises(GrantRevoked):
        grants.still_live(vault, g.id)
    with pytest.raises(NotFound):
        grants.revoke_grant(vault, "nope")


def test_revoke_all(vault, plugin):
    for _ in range(3):
        _grant(vault, plugin.did)
    assert grants.revoke_all(vault) == 3
    assert all(g.status() == "revoked" for g in grants.list_grants(vault))
    assert grants.revoke_all(vault) == 0


def test_expired_grant_fails(vault, plugin):
    g = _grant(vault, plugin.did)
    with pytest.raises(GrantExpired):
        grants.check_grant(vault, g.vc_jwt, presenter=plugin.did, issuer=user_did(vault),
                           now=g.expires_at + 1)


def test_unused_grant_expires_on_its_own(vault, plugin):
    from vault.settings import set_setting

    g = _grant(vault, plugin.did)
    set_setting(vault, "grant_idle_days", 2)
    with pytest.raises(GrantExpired, match="unused"):
        grants.check_grant(vault, g.vc_jwt, presenter=plugin.did, issuer=user_did(vault),
                           now=g.issued_at + 3 * 86400)
    assert g.status(now=g.issued_at + 3 * 86400, idle_days=2) == "unused"


def test_once_only_grant_serves_one_use(vault, plugin):
    g = _grant(vault, plugin.did, mode="once")
    issuer = user_did(vault)
    checked = grants.check_grant(vault, g.vc_jwt, presenter=plugin.did, issuer=issuer)
    grants.consume(vault, checked)
    with pytest.raises(GrantUsed):
        grants.check_grant(vault, g.vc_jwt, presenter=plugin.did, issuer=issuer)
    with pytest.raises(GrantUsed):
        grants.consume(vault, checked)  # a racing second request loses too


# -- consent --------------------------------------------------------------------------------------

def test_consent_request_approved_narrowed_and_denied(vault, plugin):
    register_app(vault, plugin.did, name="Planner\x1b[2J", exe_path="/opt/planner")
    req = consent.create_request(vault, app_did=plugin.did, scopes=["notes.read", "calendar.read"],
                                 purpose="plan my week")
    assert [r.id for r in consent.pending_requests(vault)] == [req.id]
    assert req.app is not None and req.app.name == "Planner[2J"  # no terminal escapes
    with pytest.raises(UnknownScope):
        consent.approve(vault, req.id, scopes=["contacts.read"])
    g = consent.approve(vault, req.id, scopes=["calendar.read"], once=True, days=2)
    assert g.scopes == ("calendar.read",) and g.mode == "once"
    assert consent.granted(vault, consent.get_request(vault, req.id)).id == g.id
    with pytest.raises(GrantDenied):
        consent.approve(vault, req.id)

    req2 = consent.create_request(vault, app_did=plugin.did, scopes=["contacts.read"], purpose="x")
    consent.deny(vault, req2.id)
    with pytest.raises(ConsentDenied):
        consent.granted(vault, consent.get_request(vault, req2.id))
    from identity.audit import entries

    assert entries(vault)[-1].reason == "consent_denied"


@pytest.mark.parametrize("scopes", [["*"], ["notes.write"], "notes.read", []])
def test_consent_request_with_unknown_scope_is_refused(vault, plugin, scopes):
    with pytest.raises(UnknownScope):
        consent.create_request(vault, app_did=plugin.did, scopes=scopes, purpose="x")


# -- didkit process hygiene -----------------------------------------------------------------------

def test_did_web_causes_no_network_attempt(tmp_path):
    """Verifying a token that names a did:web must fail before anything touches a socket."""
    script = textwrap.dedent("""
        import sys, json
        attempts = []
        def hook(event, args):
            if event in ("socket.connect", "socket.getaddrinfo", "socket.gethostbyname"):
                attempts.append(event)
        sys.addaudithook(hook)
        from identity import grants, jwt, proofs
        from identity.errors import IdentityError
        from identity.pairing import Pairing
        from tests.identity_fixtures import forge_jws
        from identity.keys import Keypair
        k = Keypair.generate()
        token = forge_jws({"alg": "EdDSA", "kid": "did:web:attacker.example#key-1"},
                          {"iss": "did:web:attacker.example", "sub": k.did, "nonce": "x",
                           "aud": "hearth:x", "vp": {"holder": "did:web:attacker.example"}}, k)
        outcomes = []
        for step in (lambda: Pairing(domain="hearth:x").hello("did:web:attacker.example"),
                     lambda: Pairing(domain="hearth:x").prove(token),
                     lambda: jwt.decode(token)):
            try:
                step()
                outcomes.append("accepted")
            except IdentityError as exc:
                outcomes.append(exc.code)
        print(json.dumps({"attempts": attempts, "outcomes": outcomes}))
    """)
    out = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=60,
                         cwd=str(__import__("pathlib").Path(__file__).parent.parent))
    assert out.returncode == 0, out.stderr
    result = json.loads(out.stdout.strip().splitlines()[-1])
    assert result["attempts"] == []
    assert result["outcomes"] == ["invalid_did", "pairing_failed", "invalid_proof"]


def test_the_process_exits_cleanly_after_didkit_use(tmp_path):
    script = textwrap.dedent("""
        from identity.keys import Keypair
        from identity import proofs
        from identity.holder import present
        for _ in range(5):
            k = Keypair.generate()
            vp = present(k, challenge="c", domain="hearth:d")
            proofs.verify_vp_jwt(vp, challenge="c", domain="hearth:d")
        print("done")
    """)
    root = str(__import__("pathlib").Path(__file__).parent.parent)
    for _ in range(4):
        out = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True,
                             timeout=60, cwd=root)
        assert (out.returncode, out.stdout.strip()) == (0, "done"), out.stderr


def test_cli_exits_zero_after_didkit_use(home):
    env = {"HEARTH_PASSPHRASE": PASSPHRASE}
    created = run_cli("vault", "init", env=env)
    assert created.returncode == 0, created.stderr
    for _ in range(3):
        shown = run_cli("id", env=env)
        assert shown.returncode == 0, shown.stderr
        assert "did:key:z6Mk" in shown.stdout


def test_user_key_signs_only_when_rebuilt_from_seed(vault):
    pair = load_identity(vault)
    stored = json.loads(vault.query_one("SELECT secret_jwk FROM identity")[0])
    assert json.loads(pair.jwk)["d"] == stored["d"]
    intruder = Keypair.generate()
    vault.execute("UPDATE identity SET secret_jwk = ?",
                  (json.dumps(dict(stored, x=json.loads(intruder.jwk)["x"])),))
    with pytest.raises(InvalidProof):
        load_identity(vault)


def test_grant_dates(vault, plugin):
    before = time.time()
    g = _grant(vault, plugin.did, days=3)
    assert 3 * 86400 - 2 <= g.expires_at - before <= 3 * 86400 + 1


# -- apps, consent caps -------------------------------------------------------------------------------

def test_an_app_rename_keeps_the_previous_name_and_the_claim_apart(vault, plugin):
    from identity.apps import get_app, list_apps, record_pairing

    app, renamed = record_pairing(vault, plugin.did, name="Planner", exe_path="/usr/bin/python3",
                                  claimed_exe_path="/opt/planner/bin/planner")
    assert renamed is None and (app.exe_path, app.claimed_exe_path) == ("/usr/bin/python3",
                                                                       "/opt/planner/bin/planner")
    _, renamed = record_pairing(vault, plugin.did, name="Planner", exe_path="/usr/bin/python3")
    assert renamed is None and get_app(vault, plugin.did).previous_name == ""
    app, renamed = record_pairing(vault, plugin.did, name="Bank\x1b[2J", exe_path="/usr/bin/python3")
    assert renamed == "Planner" and (app.name, app.previous_name) == ("Bank[2J", "Planner")
    assert app.renamed_at is not None and [a.did for a in list_apps(vault)] == [plugin.did]
    # Direction overrides and invisible joiners cannot disguise a name either.
    app, _ = record_pairing(vault, plugin.did, name="Bank\u202egnp.exe\u200d", exe_path="")
    assert app.name == "Bankgnp.exe"


def test_consent_prompts_are_capped_per_app_per_program_and_overall(vault):
    from identity.errors import TooManyRequests

    def ask(did: str, exe: str) -> None:
        register_app(vault, did, name="x", exe_path=exe)
        consent.create_request(vault, app_did=did, scopes=["notes.read"], purpose="p", exe_path=exe)

    one = Keypair.generate().did
    for _ in range(consent.MAX_PENDING_PER_APP):
        ask(one, "/usr/bin/one")
    with pytest.raises(TooManyRequests):
        ask(one, "/usr/bin/one")
    # Fresh DIDs from one program share its cap...
    for _ in range(consent.MAX_PENDING_PER_PROGRAM - consent.MAX_PENDING_PER_APP):
        ask(Keypair.generate().did, "/usr/bin/one")
    with pytest.raises(TooManyRequests):
        ask(Keypair.generate().did, "/usr/bin/one")
    # ...and all programs together share the overall cap.
    for i in range(consent.MAX_PENDING - consent.MAX_PENDING_PER_PROGRAM):
        ask(Keypair.generate().did, f"/usr/bin/other-{i}")
    with pytest.raises(TooManyRequests):
        ask(Keypair.generate().did, "/usr/bin/fresh")
    # Answered with "allow", prompts stop counting (denied ones count for an hour).
    for r in consent.pending_requests(vault):
        consent.approve(vault, r.id)
    assert len(consent.pending_requests(vault)) == 0
    ask(Keypair.generate().did, "/usr/bin/one")


def test_pairing_binds_the_challenge_to_its_peer_and_caps_hellos(plugin):
    from identity.errors import TooManyRequests
    from identity.holder import present
    from identity.pairing import MAX_CHALLENGES_PER_PEER, Pairing

    pairing = Pairing(domain="hearth:test")
    hello = pairing.hello(plugin.did, peer="pid:1", name="Notes", claimed_exe_path="/usr/bin/notes")
    vp = present(plugin, challenge=hello.value, domain="hearth:test")
    with pytest.raises(PairingFailed):
        pairing.prove(vp, peer="pid:2")            # answered from another program
    hello = pairing.hello(plugin.did, peer="pid:1", name="Notes", claimed_exe_path="/usr/bin/notes")
    _, session = pairing.prove(present(plugin, challenge=hello.value, domain="hearth:test"), peer="pid:1")
    assert (session.name, session.claimed_exe_path, session.peer) == ("Notes", "/usr/bin/notes", "pid:1")
    for _ in range(MAX_CHALLENGES_PER_PEER):
        pairing.hello(Keypair.generate().did, peer="pid:3")
    with pytest.raises(TooManyRequests):
        pairing.hello(Keypair.generate().did, peer="pid:3")
    pairing.hello(Keypair.generate().did, peer="pid:4")   # other programs still pair
