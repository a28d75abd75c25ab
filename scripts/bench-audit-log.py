#!/usr/bin/env python3
"""The audit log at scale (issue 15): how fast the account owner's audit log view answers when
the environment's log holds 100,000 entries.

Starts the server on a fresh database with the demo data, writes N entries straight into its
`audit_log` (20% change sets of one entry, the rest of two to nine: grants, groups and users by
ten actors over a year), then times the calls the studio's audit log view makes: the newest
change sets, a deep page, and each filter (actor, entity kind, one entity, action, a time
range, free text, one change set's entries). Prints the median and 95th percentile of each
over the given number of runs, in milliseconds.

    python3 scripts/bench-audit-log.py target/release/gatehouse-server            # SQLite
    python3 scripts/bench-audit-log.py target/release/gatehouse-server \\
        --database-url postgres://postgres@127.0.0.1:5432/audit_bench               # PostgreSQL

The PostgreSQL database is dropped and created again. Only the standard library, `sqlite3`
(Python's module) and `psql` (for PostgreSQL) are used.
"""

import argparse
import http.cookiejar
import json
import os
import random
import socket
import sqlite3
import statistics
import subprocess
import tempfile
import time
import urllib.request

ENV = "O12345AA"
ACTORS = [f"12345.Admin{n}" for n in range(9)] + ["12345.AdeVries"]
ENTITIES = ["grant", "grant", "grant", "group", "user"]
ACTIONS = ["create", "update", "update", "delete"]


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def rows(count, seed=7):
    """`count` audit rows (tuples in column order), oldest first, in change sets."""
    rnd = random.Random(seed)
    start = int((time.time() - 365 * 24 * 3600) * 1e6)
    step = int(365 * 24 * 3600 * 1e6 / count)
    at = start
    n = 0
    while n < count:
        size = 1 if rnd.random() < 0.2 else rnd.randint(2, 9)
        change_set = f"set-{n:08d}"
        actor = rnd.choice(ACTORS)
        for _ in range(min(size, count - n)):
            entity = rnd.choice(ENTITIES)
            entity_id = f"{entity[:3]}-{rnd.randint(0, 4999):05d}"
            action = rnd.choice(ACTIONS)
            role = rnd.choice(["preview_only", "editor", "publisher", "owner"])
            before = None if action == "create" else json.dumps(
                {"id": entity_id, "role": {"app": "editor"}, "environments": ["production"],
                 "version": rnd.randint(1, 9), "name": f"Name {entity_id}"})
            after = None if action == "delete" else json.dumps(
                {"id": entity_id, "role": {"app": role}, "environments": ["production", "staging"],
                 "version": rnd.randint(2, 10), "name": f"Name {entity_id}"})
            yield (f"bench-{n:08d}", at, ENV, None, actor, action, entity, entity_id,
                   before, after, change_set, None)
            at += step
            n += 1


COLUMNS = ("id, at, environment, actor_id, actor_code, action, entity, entity_id, "
           "before_json, after_json, change_set, undo_of")


def fill_sqlite(path, count):
    db = sqlite3.connect(path, timeout=30)
    db.executemany(f"INSERT INTO audit_log ({COLUMNS}) VALUES (?,?,?,?,?,?,?,?,?,?,?,?)",
                   rows(count))
    db.commit()
    db.execute("ANALYZE")
    db.close()


def fill_postgres(url, count):
    def cell(v):
        if v is None:
            return "\\N"
        return str(v).replace("\\", "\\\\").replace("\t", "\\t").replace("\n", "\\n")
    data = "".join("\t".join(cell(v) for v in row) + "\n" for row in rows(count))
    subprocess.run(["psql", url, "-q", "-v", "ON_ERROR_STOP=1", "-c",
                    f"COPY audit_log ({COLUMNS}) FROM STDIN"], input=data.encode(), check=True)
    subprocess.run(["psql", url, "-q", "-c", "ANALYZE audit_log"], check=True)


def recreate_postgres(url):
    base, _, name = url.rpartition("/")
    admin = base + "/postgres"
    subprocess.run(["psql", admin, "-q", "-c", f'DROP DATABASE IF EXISTS "{name}"'], check=True)
    subprocess.run(["psql", admin, "-q", "-c", f'CREATE DATABASE "{name}"'], check=True)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("server", help="the gatehouse-server binary (a release build)")
    parser.add_argument("--database-url", default="", help="PostgreSQL URL (default: SQLite)")
    parser.add_argument("--entries", type=int, default=100_000)
    parser.add_argument("--runs", type=int, default=30)
    args = parser.parse_args()

    work = tempfile.mkdtemp(prefix="gatehouse-audit-bench.")
    url = args.database_url or f"sqlite://{work}/g.db"
    if args.database_url:
        recreate_postgres(args.database_url)
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    server = subprocess.Popen(
        [args.server, "--addr", f"127.0.0.1:{port}", "--database-url", url,
         "--dist", work, "--sync-scheduler", "false"],
        stdout=subprocess.DEVNULL, stderr=open(os.path.join(work, "server.log"), "w"))
    try:
        jar = http.cookiejar.CookieJar()
        opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar))
        for _ in range(300):
            try:
                opener.open(base + "/api/v1/health", timeout=1)
                break
            except OSError:
                time.sleep(0.1)
        started = time.perf_counter()
        if args.database_url:
            fill_postgres(args.database_url, args.entries)
        else:
            fill_sqlite(f"{work}/g.db", args.entries)
        print(f"wrote {args.entries:,} entries in {time.perf_counter() - started:.1f} s "
              f"({'PostgreSQL' if args.database_url else 'SQLite'})")
        sign_in = urllib.request.Request(
            base + "/api/v1/session", method="POST",
            data=json.dumps({"code": "12345.AdeVries", "password": "gatehouse"}).encode(),
            headers={"content-type": "application/json", "x-gatehouse-csrf": "1"})
        opener.open(sign_in)
        middle = next(r for n, r in enumerate(rows(args.entries)) if n == args.entries // 2)[10]
        day = 24 * 3600 * 10**6
        now = int(time.time() * 1e6)
        calls = [
            ("newest 50 change sets", "audit/change-sets?per_page=50"),
            ("page 200 of change sets", "audit/change-sets?per_page=50&page=200"),
            ("newest 50 entries", "audit?per_page=50"),
            ("one actor's change sets", "audit/change-sets?per_page=50&actor=12345.Admin3"),
            ("entity kind group", "audit/change-sets?per_page=50&entity=group"),
            ("one entity's history", "audit/change-sets?per_page=50&entity=grant&entity_id=gra-01234"),
            ("action delete", "audit/change-sets?per_page=50&action=delete"),
            ("a 30-day range", f"audit/change-sets?per_page=50&from={now - 200 * day}&to={now - 170 * day}"),
            ("free text 'publisher'", "audit/change-sets?per_page=50&q=publisher"),
            ("free text, rare", "audit/change-sets?per_page=50&q=gra-04321"),
            ("one change set's entries", f"audit?per_page=50&change_set={middle}"),
        ]
        print(f"{'call':32} {'median ms':>10} {'p95 ms':>8}  answer")
        for name, path in calls:
            times = []
            size = 0
            for _ in range(args.runs):
                t = time.perf_counter()
                with opener.open(f"{base}/api/v1/environments/{ENV}/{path}") as r:
                    body = r.read()
                times.append((time.perf_counter() - t) * 1000)
                size = len(body)
            total = json.loads(body).get("total")
            times.sort()
            p95 = times[min(len(times) - 1, int(len(times) * 0.95))]
            print(f"{name:32} {statistics.median(times):10.1f} {p95:8.1f}  "
                  f"{size:,} B, total {total}")
    finally:
        server.terminate()
        server.wait()


if __name__ == "__main__":
    main()
