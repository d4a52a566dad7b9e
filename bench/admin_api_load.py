#!/usr/bin/env python3
"""Load for bench/admin-api.sh: N articles created, published and read back through the
Admin API by W workers, each on its own keep-alive connection. Prints articles per second
and the p50/p99 latency of each call and of the whole create-publish-read cycle."""
import http.client
import json
import sys
import threading
import time

host, port, key = sys.argv[1], int(sys.argv[2]), sys.argv[3]
total, workers = int(sys.argv[4]), int(sys.argv[5])
headers = {"Authorization": f"Bearer {key}", "Content-Type": "application/json"}
lat = {"create": [], "publish": [], "read": [], "cycle": []}
errors = []
lock = threading.Lock()
counter = iter(range(total))


def call(conn, method, path, body=None):
    t = time.perf_counter()
    conn.request(method, path, body=json.dumps(body) if body is not None else None, headers=headers)
    r = conn.getresponse()
    data = r.read()
    return r.status, data, time.perf_counter() - t


def worker():
    conn = http.client.HTTPConnection(host, port, timeout=60)
    while True:
        with lock:
            n = next(counter, None)
        if n is None:
            return
        start = time.perf_counter()
        body = {"title": f"Bench article {n}", "body": f"Paragraph of article {n}.\n\n" * 20,
                "tags": ["bench", f"batch-{n % 10}"]}
        s, d, t1 = call(conn, "POST", "/api/admin/v1/articles", body)
        if s != 201:
            errors.append(("create", s, d[:200])); continue
        aid = json.loads(d)["id"]
        s, d, t2 = call(conn, "POST", f"/api/admin/v1/articles/{aid}/publish")
        if s != 200:
            errors.append(("publish", s, d[:200])); continue
        s, d, t3 = call(conn, "GET", f"/api/admin/v1/articles/{aid}")
        if s != 200 or json.loads(d)["status"] != "published":
            errors.append(("read", s, d[:200])); continue
        with lock:
            lat["create"].append(t1); lat["publish"].append(t2); lat["read"].append(t3)
            lat["cycle"].append(time.perf_counter() - start)


def pct(xs, p):
    xs = sorted(xs)
    return xs[min(len(xs) - 1, int(round(p / 100 * (len(xs) - 1))))] * 1000 if xs else float("nan")


t0 = time.perf_counter()
threads = [threading.Thread(target=worker) for _ in range(workers)]
for t in threads: t.start()
for t in threads: t.join()
wall = time.perf_counter() - t0
done = len(lat["cycle"])
print(f"{done} of {total} articles created, published and read back in {wall:.2f} s "
      f"with {workers} workers: {done / wall:.1f} articles/s ({3 * done / wall:.0f} requests/s)")
for k in ("create", "publish", "read", "cycle"):
    print(f"  {k:8s} p50 {pct(lat[k], 50):7.1f} ms   p99 {pct(lat[k], 99):7.1f} ms")
if errors:
    print(f"{len(errors)} failures, e.g. {errors[:3]}")
    sys.exit(1)
