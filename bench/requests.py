"""Sends one GraphQL query N times over one keep-alive connection, sequentially.

    python3 bench/requests.py URL N QUERY [TOKEN]

Exits non-zero unless every response is 200 without errors; prints nothing else.
"""
import http.client
import json
import sys
import urllib.parse

url, count, query = sys.argv[1], int(sys.argv[2]), sys.argv[3]
token = sys.argv[4] if len(sys.argv) > 4 and sys.argv[4] else None
parts = urllib.parse.urlsplit(url)
body = json.dumps({"query": query})
headers = {"content-type": "application/json"}
if token:
    headers["authorization"] = f"Bearer {token}"
conn = http.client.HTTPConnection(parts.hostname, parts.port, timeout=600)
for _ in range(count):
    conn.request("POST", parts.path, body, headers)
    response = conn.getresponse()
    payload = response.read()
    if response.status != 200 or b'"errors"' in payload:
        sys.exit(f"unexpected response {response.status}: {payload[:300]!r}")
