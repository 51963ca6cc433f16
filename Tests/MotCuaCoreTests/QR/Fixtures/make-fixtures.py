#!/usr/bin/env python3
"""Reference QR Code matrices for QRReferenceTests.swift, made by an independent encoder.

The fixtures come from segno (pure Python, ISO/IEC 18004:2015), not from our own
code, so that a test comparing with them checks our encoder against another one.

Regenerate (from the repository root):

    python3 -m venv /tmp/segno-venv
    /tmp/segno-venv/bin/pip install segno==1.6.6
    /tmp/segno-venv/bin/python Tests/MotCuaCoreTests/QR/Fixtures/make-fixtures.py

Each case is written to <name>.txt:

    level M            error-correction level (L, M, Q, H)
    version 4          version segno chose (the smallest that fits)
    mask 2             mask pattern segno chose by its penalty evaluation
    text https://...   the input, UTF-8, rest of the line
    0101...            one line per row of modules, top to bottom, '1' = dark, no quiet zone

segno 1.6.6 pads a bit stream that already ends on a codeword boundary with a
whole 0x00 codeword (segno issue #148, open): ISO/IEC 18004:2015, 7.4.10, adds
padding bits only "if the bit stream length is such that it does not end at a
codeword boundary". In byte mode with a full terminator that happens for every
input, so the script replaces that one function with the fix proposed in the
issue before encoding; the rest of segno runs unchanged. Both streams decode to
the same text; only the standard one has the pad codewords that 7.4.10 prescribes.

tables.txt lists segno's error-correction block structure (ISO/IEC 18004:2015
Table 9) and alignment pattern centres (Annex E) for versions 1-40.
"""
import os

import segno
import segno.consts as consts
import segno.encoder as encoder

HERE = os.path.dirname(os.path.abspath(__file__))
URL = "https://phungcong.hungyen.gov.vn/tra-cuu/H33.55.01-261008-0975"
LEVEL_CODES = {"L": consts.ERROR_LEVEL_L, "M": consts.ERROR_LEVEL_M,
               "Q": consts.ERROR_LEVEL_Q, "H": consts.ERROR_LEVEL_H}


def write_padding_bits(buff, version, length):
    """segno's function with the fix of segno issue #148: no padding when already aligned."""
    if version not in (consts.VERSION_M1, consts.VERSION_M3):
        buff.extend([0] * (-length % 8))


encoder.write_padding_bits = write_padding_bits


def url_like(length):
    """A deterministic URL of exactly `length` ASCII characters."""
    base = "https://phungcong.hungyen.gov.vn/tra-cuu?ma-ho-so=H33.55.01-261008-0975&q="
    filler = "abcdefghijklmnopqrstuvwxyz0123456789-_.~"
    text = base
    i = 0
    while len(text) < length:
        text += filler[(i * 7) % len(filler)]
        i += 1
    return text[:length]


CASES = [
    ("short-L", "L", "MotCua"),
    ("digits-M", "M", "01234567"),
    ("fits-1M-14", "M", "H33.55.01-2610"),          # longest byte string for 1-M
    ("needs-2M-15", "M", "H33.55.01-26100"),        # one byte more: version 2
    ("17-char-Q", "Q", "HELLO WORLD 12345"),
    ("url-L", "L", URL),
    ("url-M", "M", URL),
    ("url-Q", "Q", URL),
    ("url-H", "H", URL),
    ("vietnamese-M", "M", "Phường Phụng Công – tra cứu hồ sơ"),
    ("78-char-Q", "Q", url_like(78)),
    ("150-char-M", "M", url_like(150)),
    ("150-char-H", "H", url_like(150)),
    ("250-char-L", "L", url_like(250)),
    ("250-char-Q", "Q", url_like(250)),
    ("250-char-H", "H", url_like(250)),
    ("1200-char-M", "M", url_like(1200)),
    ("2900-char-L", "L", url_like(2900)),
]


def write_case(name, level, text):
    code = segno.make(text.encode("utf-8"), error=level.lower(), mode="byte",
                      micro=False, boost_error=False)
    assert code.error == level, (name, code.error)
    lines = [f"level {level}", f"version {code.version}", f"mask {code.mask}", f"text {text}"]
    lines += ["".join("1" if m else "0" for m in row) for row in code.matrix]
    with open(os.path.join(HERE, f"{name}.txt"), "w", encoding="utf-8") as f:
        f.write("\n".join(lines) + "\n")
    print(f"{name}: {len(text.encode('utf-8'))} bytes, version {code.version}-{level}, mask {code.mask}")


def write_tables():
    lines = ["# version level (blocks total-codewords data-codewords)+  -- from segno.consts.ECC",
             "# align version centre...                                 -- from segno.consts.ALIGNMENT_POS"]
    for version in range(1, 41):
        for level in "LMQH":
            groups = consts.ECC[version][LEVEL_CODES[level]]
            cells = " ".join(f"{g.num_blocks} {g.num_total} {g.num_data}" for g in groups)
            lines.append(f"ec {version} {level} {cells}")
    for version in range(2, 41):
        lines.append(f"align {version} " + " ".join(str(p) for p in consts.ALIGNMENT_POS[version - 2]))
    with open(os.path.join(HERE, "tables.txt"), "w", encoding="utf-8") as f:
        f.write("\n".join(lines) + "\n")


if __name__ == "__main__":
    for case in CASES:
        write_case(*case)
    write_tables()
