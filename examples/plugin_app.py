"""An example Hearth plugin app: pair, ask for access, then use the OpenAI SDK through Hearth.

Run ``hearth serve`` first; it prints the gateway's socket path. Then:

    python examples/plugin_app.py --socket /run/user/1000/hearth/…/gateway.sock

The app keeps its own Ed25519 did:key in ``plugin-key.jwk`` (0600) and the
grant it was given in ``plugin-grant.jwt``, so it pairs again silently next
time. Approve its request with ``hearth grants pending`` and
``hearth grants approve ID``. Needs: didkit (openedx-didkit), httpx, openai.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import sys
import threading
import time
from pathlib import Path

import didkit
import httpx
import openai

SCOPES = ["notes.read", "assistant.general"]


class DidkitLoop:
    """didkit's async calls need a running loop; keep one for the app's lifetime."""

    def __init__(self) -> None:
        self.loop = asyncio.new_event_loop()
        threading.Thread(target=self.loop.run_forever, daemon=True).start()

    def call(self, fn, *args):  # type: ignore[no-untyped-def]
        async def run():  # type: ignore[no-untyped-def]
            return await fn(*args)

        result = asyncio.run_coroutine_threadsafe(run(), self.loop).result(30)
        time.sleep(0.01)
        return result


def load_key(path: Path) -> str:
    if not path.exists():
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(fd, "w") as f:
            f.write(didkit.generate_ed25519_key())
    return path.read_text()


def pair(http: httpx.Client, dk: DidkitLoop, key: str, did: str) -> str:
    hello = http.post("/pair/hello", json={"did": did, "name": "Example notes helper",
                                           "exe_path": os.path.abspath(sys.argv[0])})
    hello.raise_for_status()
    challenge, domain = hello.json()["challenge"], hello.json()["domain"]
    method = dk.call(didkit.key_to_verification_method, "key", key)
    presentation = {"@context": ["https://www.w3.org/2018/credentials/v1"],
                    "type": ["VerifiablePresentation"], "holder": did}
    options = {"proofFormat": "jwt", "proofPurpose": "authentication", "verificationMethod": method,
               "challenge": challenge, "domain": domain}
    vp = dk.call(didkit.issue_presentation, json.dumps(presentation), json.dumps(options), key)
    proved = http.post("/pair/prove", json={"presentation": vp})
    proved.raise_for_status()
    return str(proved.json()["session_token"])


def obtain_grant(http: httpx.Client, auth: dict[str, str], grant_file: Path) -> None:
    if grant_file.exists():
        attached = http.post("/session/grant", json={"grant": grant_file.read_text()}, headers=auth)
        if attached.status_code == 200:
            return
        print(f"The saved grant no longer works ({attached.json()['error']['code']}); asking again.")
    asked = http.post("/grants/request", headers=auth, json={
        "scopes": SCOPES, "purpose": "Summarise your recent notes", "days": 30})
    asked.raise_for_status()
    request_id = asked.json()["id"]
    print(f"Asked Hearth for {', '.join(SCOPES)}. Approve with:  hearth grants approve {request_id}")
    while True:
        polled = http.get(f"/grants/request/{request_id}", headers=auth)
        if polled.status_code != 200:
            sys.exit(f"Hearth refused: {polled.json()['error']['message']}")
        if polled.json()["status"] == "approved":
            grant_file.write_text(polled.json()["grant"])
            os.chmod(grant_file, 0o600)
            return
        if polled.json()["status"] != "pending":
            sys.exit(f"The request is {polled.json()['status']}.")
        time.sleep(2)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--socket", default=os.environ.get("HEARTH_SOCKET"), required=False)
    parser.add_argument("--key", type=Path, default=Path("plugin-key.jwk"))
    parser.add_argument("--grant", type=Path, default=Path("plugin-grant.jwt"))
    args = parser.parse_args()
    if not args.socket:
        parser.error("give --socket (printed by 'hearth serve') or set HEARTH_SOCKET")
    dk = DidkitLoop()
    key = load_key(args.key)
    did = didkit.key_to_did("key", key)
    transport = httpx.HTTPTransport(uds=args.socket)
    with httpx.Client(transport=transport, base_url="http://hearth", timeout=120) as http:
        token = pair(http, dk, key, did)
        auth = {"Authorization": f"Bearer {token}"}
        obtain_grant(http, auth, args.grant)

        notes = http.get("/v1/hearth/notes", params={"limit": 5}, headers=auth)
        notes.raise_for_status()
        texts = [n["text"] for n in notes.json()["data"]]
        print(f"Read {len(texts)} notes.")

        # The official OpenAI SDK, unmodified: only its HTTP client points at the socket.
        client = openai.OpenAI(api_key=token, base_url="http://hearth/v1",
                               http_client=httpx.Client(transport=httpx.HTTPTransport(uds=args.socket)))
        stream = client.chat.completions.create(
            model="default", max_tokens=80, stream=True,
            messages=[{"role": "user", "content": "Summarise these notes in one line:\n" + "\n".join(texts)}])
        for chunk in stream:
            if chunk.choices and chunk.choices[0].delta.content:
                print(chunk.choices[0].delta.content, end="", flush=True)
        print()
    time.sleep(0.3)  # let didkit's threads settle before the interpreter exits
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
