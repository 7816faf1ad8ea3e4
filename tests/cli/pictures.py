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


def png_pixels(data):
    """The pixels of an 8-bit RGB or RGBA PNG (a browser's screenshot) as (r, g, b) tuples."""
    import struct as s
    pos, idat, width, height, channels = 8, b"", 0, 0, 3
    while pos < len(data):
        length, kind = s.unpack(">I4s", data[pos:pos + 8])
        body = data[pos + 8:pos + 8 + length]
        if kind == b"IHDR":
            width, height, depth, colour = s.unpack(">IIBB", body[:10])
            assert depth == 8 and colour in (2, 6), (depth, colour)
            channels = 4 if colour == 6 else 3
        elif kind == b"IDAT":
            idat += body
        pos += 12 + length
    raw, stride, pixels, previous = zlib.decompress(idat), width * channels, [], bytearray(
        width * channels)
    for y in range(height):
        kind, line = raw[y * (stride + 1)], bytearray(raw[y * (stride + 1) + 1:(y + 1) * (stride + 1)])
        for x in range(stride):
            a = line[x - channels] if x >= channels else 0
            b = previous[x]
            c = previous[x - channels] if x >= channels else 0
            if kind == 1:
                line[x] = (line[x] + a) & 255
            elif kind == 2:
                line[x] = (line[x] + b) & 255
            elif kind == 3:
                line[x] = (line[x] + (a + b) // 2) & 255
            elif kind == 4:
                p = a + b - c
                pa, pb, pc = abs(p - a), abs(p - b), abs(p - c)
                line[x] = (line[x] + (a if pa <= pb and pa <= pc else b if pb <= pc else c)) & 255
        pixels.extend(tuple(line[i:i + 3]) for i in range(0, stride, channels))
        previous = line
    return pixels
