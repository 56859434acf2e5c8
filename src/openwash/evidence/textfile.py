"""Reading a repository's text files safely: size caps, binary and encoding checks.

Every failure is an OpenwashError naming the file, so the CLI prints one line and exits 2.
"""

from __future__ import annotations

import codecs
import os

from openwash.errors import OpenwashError

# A licence, policy or card longer than this is not a licence: refuse rather than read it all.
MAX_TEXT_BYTES = 2 * 1024 * 1024


def decode_text(data: bytes, label: str) -> str:
    """Decode UTF-8 (with or without BOM) or BOM-marked UTF-16; anything else is an error."""
    if data.startswith(codecs.BOM_UTF16_LE) or data.startswith(codecs.BOM_UTF16_BE):
        try:
            return data.decode("utf-16")
        except UnicodeDecodeError as exc:
            raise OpenwashError(f"{label}: invalid UTF-16 text ({exc.reason})") from exc
    if b"\x00" in data[:8192]:
        raise OpenwashError(f"{label}: looks like a binary file, not text")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise OpenwashError(
            f"{label}: not UTF-8 text (byte 0x{data[exc.start]:02x} at offset {exc.start}); "
            "re-encode it as UTF-8"
        ) from exc


def read_text(path: str, label: str, max_bytes: int = MAX_TEXT_BYTES) -> str:
    """Read a text file of the scanned repository, refusing huge, binary or non-UTF-8 files."""
    try:
        size = os.path.getsize(path)
        if size > max_bytes:
            raise OpenwashError(
                f"{label}: {size:,} bytes is too large for a licence or card (limit {max_bytes:,})"
            )
        with open(path, "rb") as fh:
            data = fh.read(max_bytes + 1)
    except OSError as exc:
        raise OpenwashError(f"{label}: cannot read ({exc.strerror or exc})") from exc
    if len(data) > max_bytes:
        raise OpenwashError(f"{label}: too large for a licence or card (limit {max_bytes:,} bytes)")
    return decode_text(data, label).replace("\r\n", "\n").replace("\r", "\n")
