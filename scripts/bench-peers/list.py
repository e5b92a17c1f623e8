"""Target 2 of BENCHMARKS.md, Python side: streams Flex Flows from the mock server with Twilio's
official Python library (`twilio` on PyPI), as its docs show, and prints one JSON line.

    .tools/bench-py/bin/python scripts/bench-peers/list.py \
        --url http://127.0.0.1:PORT --account-sid AC... --auth-token ... --items 100000 --page-size 1000

The library talks to http://127.0.0.1 as is: the domain's `base_url` is a plain attribute, its
region/edge host rewriting leaves an IP host alone, and its HTTP client (requests) takes http.
"""

import argparse
import json
import sys
import time
from importlib.metadata import version


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--url", required=True)
    parser.add_argument("--account-sid", required=True)
    parser.add_argument("--auth-token", required=True)
    parser.add_argument("--items", type=int, default=100_000)
    parser.add_argument("--page-size", type=int, default=1000)
    args = parser.parse_args()

    from twilio.rest import Client

    client = Client(args.account_sid, args.auth_token)
    client.flex_api.base_url = args.url

    start = time.perf_counter()
    n = 0
    checksum = 0
    for flow in client.flex_api.v1.flex_flow.stream(
        limit=args.items, page_size=args.page_size
    ):
        checksum += len(flow.sid)
        n += 1
    seconds = time.perf_counter() - start
    if n and not checksum:
        sys.exit("items without sid")
    print(
        json.dumps(
            {
                "impl": "twilio-python",
                "version": version("twilio"),
                "items": n,
                "seconds": seconds,
            }
        ),
        flush=True,
    )


if __name__ == "__main__":
    main()
