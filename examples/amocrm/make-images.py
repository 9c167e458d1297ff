#!/usr/bin/env python3
"""Draws the widget's logos into images/ at the sizes amoCRM asks for: a rounded tile
with three bars of rising height (the segments). Plain zlib + struct, no imaging library."""
import os
import struct
import zlib

SIZES = {
    "logo_main.png": (400, 272),
    "logo_small.png": (108, 108),
    "logo.png": (130, 100),
    "logo_medium.png": (240, 84),
    "logo_min.png": (84, 84),
}
TILE = (31, 79, 168)
BARS = [(127, 209, 174), (255, 209, 102), (255, 255, 255)]


def png(width, height, pixels):
    """RGBA rows -> PNG bytes."""
    raw = b"".join(b"\x00" + bytes(row) for row in pixels)

    def chunk(kind, data):
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)

    header = struct.pack(">IIBBBBB", width, height, 8, 6, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", zlib.compress(raw, 9)) + chunk(b"IEND", b"")


def inside_rounded(x, y, w, h, r):
    """Whether pixel centre (x, y) lies in the w×h rectangle with corner radius r."""
    cx = min(max(x, r), w - r)
    cy = min(max(y, r), h - r)
    return (x - cx) ** 2 + (y - cy) ** 2 <= r * r


def draw(width, height):
    radius = min(width, height) * 0.18
    side = min(width, height) * 0.62
    bar_w = side / 4.2
    gap = (side - 3 * bar_w) / 2
    left = (width - side) / 2
    bottom = (height + side) / 2
    heights = [side * 0.45, side * 0.72, side]
    rows = []
    for j in range(height):
        row = []
        for i in range(width):
            x, y = i + 0.5, j + 0.5
            if not inside_rounded(x, y, width, height, radius):
                row += [0, 0, 0, 0]
                continue
            colour = TILE
            for k, (bh, c) in enumerate(zip(heights, BARS)):
                x0 = left + k * (bar_w + gap)
                if x0 <= x < x0 + bar_w and bottom - bh <= y < bottom:
                    colour = c
            row += [*colour, 255]
        rows.append(row)
    return png(width, height, rows)


def main():
    out = os.path.join(os.path.dirname(os.path.abspath(__file__)), "images")
    os.makedirs(out, exist_ok=True)
    for name, (w, h) in SIZES.items():
        with open(os.path.join(out, name), "wb") as f:
            f.write(draw(w, h))


if __name__ == "__main__":
    main()
