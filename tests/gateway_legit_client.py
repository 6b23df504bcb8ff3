"""A well-behaved plugin app in its own process, for the fuzz suite.

``python tests/gateway_legit_client.py SOCKET TOKEN STOPFILE``: reads notes through the gateway
with its session (a grant already attached) every 20 ms until STOPFILE exists, prints ``ready``
after its first answer, and at the end one JSON line: how many requests were served, which failed
and the longest gap between two served requests.
"""

from __future__ import annotations

import itertools
import json
import os
import sys
import time

import httpx


def main() -> None:
    sock, token, stop_file = sys.argv[1:4]
    client = httpx.Client(transport=httpx.HTTPTransport(uds=sock), base_url="http://hearth", timeout=15)
    headers = {"Authorization": f"Bearer {token}"}
    served, failures, stamps = 0, [], []
    while not os.path.exists(stop_file):
        try:
            r = client.get("/v1/hearth/notes", params={"limit": 2}, headers=headers)
            if r.status_code == 200 and r.json()["data"]:
                served += 1
                stamps.append(time.monotonic())
                if served == 1:
                    print("ready", flush=True)
            else:
                failures.append(f"{r.status_code} {r.text[:120]}")
        except httpx.HTTPError as exc:
            failures.append(repr(exc)[:200])
        time.sleep(0.02)
    gaps = [b - a for a, b in itertools.pairwise(stamps)]
    print(json.dumps({"served": served, "failures": failures[:20], "failed": len(failures),
                      "max_gap_s": max(gaps, default=0.0)}), flush=True)


if __name__ == "__main__":
    main()
