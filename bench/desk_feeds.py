#!/usr/bin/env python3
"""The feed desk benchmark's outlets: serves /feed/N.xml, an RSS 2.0 feed of ITEMS items
(default 50) with an ETag, answering 304 to a matching If-None-Match, on PORT of every
loopback address (bind 0.0.0.0), so sources spread over 127.0.0.x look like many hosts.
Usage: desk_feeds.py PORT [ITEMS]"""
import sys
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

PORT = int(sys.argv[1])
ITEMS = int(sys.argv[2]) if len(sys.argv) > 2 else 50


def feed(n):
    items = "".join(
        f"<item><title>Outlet {n}: story {i}</title><link>http://outlet{n}.example/{i}</link>"
        f"<guid>{n}-{i}</guid><pubDate>Sun, 06 Dec 2026 10:{i % 60:02d}:00 +0000</pubDate>"
        f"<description>&lt;p&gt;Lead of story {i} from outlet {n}, with a few words more.&lt;/p&gt;</description></item>"
        for i in range(ITEMS)
    )
    return f'<?xml version="1.0"?><rss version="2.0"><channel><title>Outlet {n}</title>{items}</channel></rss>'.encode()


class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def do_GET(self):
        n = self.path.rsplit("/", 1)[-1].removesuffix(".xml")
        etag = f'"{n}-v1"'
        if self.headers.get("If-None-Match") == etag:
            self.send_response(304)
            self.send_header("ETag", etag)
            self.send_header("Content-Length", "0")
            self.end_headers()
            return
        body = feed(n)
        self.send_response(200)
        self.send_header("Content-Type", "application/rss+xml")
        self.send_header("ETag", etag)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args):
        pass


ThreadingHTTPServer(("0.0.0.0", PORT), Handler).serve_forever()
