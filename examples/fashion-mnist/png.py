"""Write 8-bit grayscale PNG files with the standard library only.

Kept dependency-free so the samples need nothing beyond torch and numpy;
8-bit grayscale stores each pixel byte exactly, so a decoder recovers the
very values the PyTorch model saw.
"""
import struct
import zlib


def _chunk(kind, payload):
    body = kind + payload
    return struct.pack(">I", len(payload)) + body + struct.pack(">I", zlib.crc32(body))


def write_gray_png(path, pixels):
    """Write a [height, width] uint8 array as a grayscale PNG."""
    height, width = pixels.shape
    # Bit depth 8, colour type 0 (grayscale), default compression/filter, no interlace.
    header = struct.pack(">IIBBBBB", width, height, 8, 0, 0, 0, 0)
    # Each scanline starts with filter byte 0 (None).
    raw = b"".join(b"\x00" + bytes(row) for row in pixels.tolist())
    with open(path, "wb") as f:
        f.write(b"\x89PNG\r\n\x1a\n")
        f.write(_chunk(b"IHDR", header))
        f.write(_chunk(b"IDAT", zlib.compress(raw, 9)))
        f.write(_chunk(b"IEND", b""))
