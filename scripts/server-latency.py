#!/usr/bin/env python3
"""Times `nwlint server` from an edit to its diagnostics.

    scripts/server-latency.py NWLINT CORPUS [EDITS]

Starts `NWLINT server` in CORPUS (a generated tree, e.g. from gen-corpus),
opens one article, then sends EDITS full-text changes (alternately a
drifted and the original text) and measures, for each, the wall time from
sending `didChange` to receiving its `publishDiagnostics`. Prints the
median, minimum and maximum in ms. The server uses the index as `check
FILE` does (write it first with a full `NWLINT check` in CORPUS).
"""

import json
import os
import statistics
import subprocess
import sys
import time


def send(p, msg):
    body = json.dumps(msg).encode()
    p.stdin.write(b"Content-Length: %d\r\n\r\n" % len(body) + body)
    p.stdin.flush()


def read(p):
    length = None
    while True:
        line = p.stdout.readline()
        if not line:
            raise SystemExit("the server stopped")
        line = line.strip()
        if not line:
            break
        if line.startswith(b"Content-Length:"):
            length = int(line.split(b":")[1])
    return json.loads(p.stdout.read(length))


def wait(p, pred):
    while True:
        m = read(p)
        if pred(m):
            return m


def main():
    if len(sys.argv) < 3:
        print(__doc__, file=sys.stderr)
        return 2
    nwlint, corpus = sys.argv[1], os.path.abspath(sys.argv[2])
    edits = int(sys.argv[3]) if len(sys.argv) > 3 else 20
    articles = sorted(os.listdir(os.path.join(corpus, "content/articles")))
    path = os.path.join(corpus, "content/articles", articles[len(articles) // 2])
    uri = "file://" + path
    text = open(path, encoding="utf-8").read()
    drifted = text.replace("30 seconds", "45 seconds", 1)
    p = subprocess.Popen([nwlint, "server"], cwd=corpus, stdin=subprocess.PIPE, stdout=subprocess.PIPE)
    send(p, {"jsonrpc": "2.0", "id": 1, "method": "initialize",
             "params": {"processId": None, "rootUri": "file://" + corpus, "capabilities": {}}})
    wait(p, lambda m: m.get("id") == 1)
    send(p, {"jsonrpc": "2.0", "method": "initialized", "params": {}})
    published = lambda m: m.get("method") == "textDocument/publishDiagnostics"
    send(p, {"jsonrpc": "2.0", "method": "textDocument/didOpen",
             "params": {"textDocument": {"uri": uri, "languageId": "json", "version": 1, "text": text}}})
    wait(p, published)
    times = []
    for i in range(edits):
        body = drifted if i % 2 == 0 else text
        start = time.perf_counter()
        send(p, {"jsonrpc": "2.0", "method": "textDocument/didChange",
                 "params": {"textDocument": {"uri": uri, "version": i + 2},
                            "contentChanges": [{"text": body}]}})
        wait(p, published)
        times.append((time.perf_counter() - start) * 1000)
    send(p, {"jsonrpc": "2.0", "id": 2, "method": "shutdown", "params": None})
    wait(p, lambda m: m.get("id") == 2)
    send(p, {"jsonrpc": "2.0", "method": "exit", "params": None})
    p.wait()
    print(f"{os.path.basename(path)}: {edits} edits, median {statistics.median(times):.1f} ms, "
          f"min {min(times):.1f} ms, max {max(times):.1f} ms")
    return 0


if __name__ == "__main__":
    sys.exit(main())
