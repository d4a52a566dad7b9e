#!/usr/bin/env python3
"""Draws themes/default/assets/social.png: the default picture of social previews (1200x630,
the size OpenGraph and Twitter cards ask for), the theme's mark centred on white. The mark is
rectangles on a rounded square (themes/default/assets/mark.svg), so a few lines draw it
without an SVG renderer. Run it again after changing the mark: python3 scripts/social-image.py
"""
import struct
import zlib
from pathlib import Path

W, H = 1200, 630
SCALE = 11  # mark units (36) to pixels: a 396 px mark
RED, WHITE = (0xB3, 0x26, 0x1E), (0xFF, 0xFF, 0xFF)
# The mark's white strokes, in mark units: (x, y, width, height).
STROKES = [(9, 8, 18, 4), (9, 15, 8, 11), (19, 15, 8, 2), (19, 19.5, 8, 2), (19, 24, 8, 2)]
SIZE, RADIUS = 36, 8
OX, OY = (W - SIZE * SCALE) / 2, (H - SIZE * SCALE) / 2


def coverage_of_square(px, py):
    """How much of pixel (px, py) the rounded square covers, 0..1 (antialiased corners)."""
    x, y = (px + 0.5 - OX) / SCALE, (py + 0.5 - OY) / SCALE
    if not (0 <= x <= SIZE and 0 <= y <= SIZE):
        return 0.0
    cx = min(max(x, RADIUS), SIZE - RADIUS)
    cy = min(max(y, RADIUS), SIZE - RADIUS)
    dist = ((x - cx) ** 2 + (y - cy) ** 2) ** 0.5 * SCALE
    return max(0.0, min(1.0, RADIUS * SCALE + 0.5 - dist))


def in_stroke(px, py):
    x, y = (px + 0.5 - OX) / SCALE, (py + 0.5 - OY) / SCALE
    return any(sx <= x < sx + sw and sy <= y < sy + sh for sx, sy, sw, sh in STROKES)


def mix(a, b, t):
    return tuple(round(p * (1 - t) + q * t) for p, q in zip(a, b))


rows = []
for py in range(H):
    row = bytearray([0])  # PNG filter: none
    for px in range(W):
        cover = coverage_of_square(px, py)
        colour = WHITE if cover == 0 or in_stroke(px, py) else mix(WHITE, RED, cover)
        row += bytes(colour)
    rows.append(bytes(row))


def chunk(kind, data):
    body = kind + data
    return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body) & 0xFFFFFFFF)


png = b"\x89PNG\r\n\x1a\n"
png += chunk(b"IHDR", struct.pack(">IIBBBBB", W, H, 8, 2, 0, 0, 0))
png += chunk(b"IDAT", zlib.compress(b"".join(rows), 9))
png += chunk(b"IEND", b"")
out = Path(__file__).resolve().parent.parent / "themes/default/assets/social.png"
out.write_bytes(png)
print(f"wrote {out} ({len(png)} bytes)")
