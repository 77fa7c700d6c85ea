"""Signs every request of testvectors/demo/requests.json through the Python
binding and writes {"runtime": "python", "results": {name: value}}.

Usage: python demo.py REQUESTS_JSON OUTPUT_JSON
Prints one line per request (hash and URL only, never credentials)."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import paysign


def main(requests_path: str, output_path: str) -> None:
    requests = json.loads(Path(requests_path).read_text(encoding="utf-8"))["requests"]
    results = {}
    for request in requests:
        value = paysign.call(request["op"], request["request"])
        results[request["name"]] = value
        print(f"python  {request['name']:<10} hash={value.get('hash', '')[:24]}…  {value.get('url', '')}")
    output = Path(output_path)
    output.parent.mkdir(parents=True, exist_ok=True)
    output.write_text(json.dumps({"runtime": "python", "results": results}, indent=2, ensure_ascii=False) + "\n",
                      encoding="utf-8")


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2])
