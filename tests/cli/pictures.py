"""Small real pictures for the photo tests, made here (no image library needed): a PNG of one
colour, a JPEG whose EXIF block carries DateTimeOriginal, a HEIC and a WebP header."""

import struct
import zlib


def png(width, height, rgb):
    """A PNG of a solid colour, which a browser draws."""
    def chunk(kind, data):
        body = kind + data
        return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body))
    row = b"\x00" + bytes(rgb) * width
    raw = zlib.compress(row * height)
    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", raw)
            + chunk(b"IEND", b""))


def exif_block(date_time):
    """A TIFF block (little-endian) whose Exif IFD holds DateTimeOriginal."""
    text = date_time.encode() + b"\x00"
    tiff = b"II*\x00" + struct.pack("<I", 8)
    tiff += struct.pack("<H", 1) + struct.pack("<HHII", 0x8769, 4, 1, 26) + struct.pack("<I", 0)
    tiff += struct.pack("<H", 1) + struct.pack("<HHII", 0x9003, 2, len(text), 44)
    tiff += struct.pack("<I", 0) + text
    return b"Exif\x00\x00" + tiff


def jpeg_with_exif(date_time, filler=b""):
    """The start of a JPEG: SOI, an APP1 Exif segment, then EOI (`filler` makes it unique)."""
    block = exif_block(date_time)
    app1 = b"\xff\xe1" + struct.pack(">H", len(block) + 2) + block
    comment = b"\xff\xfe" + struct.pack(">H", len(filler) + 2) + filler if filler else b""
    return b"\xff\xd8" + app1 + comment + b"\xff\xd9"


def heic_with_exif(date_time):
    """The first boxes of a phone's HEIC export: ftyp with the heic brand, then an Exif item."""
    ftyp = struct.pack(">I", 24) + b"ftypheic" + struct.pack(">I", 0) + b"mif1heic"
    block = struct.pack(">I", 6) + exif_block(date_time)
    return ftyp + struct.pack(">I", len(block) + 8) + b"mdat" + block


def webp():
    return b"RIFF" + struct.pack("<I", 12) + b"WEBPVP8L" + b"\x00" * 8
