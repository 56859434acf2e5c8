"""Reading a repository's text files safely: size caps, binary and encoding checks.

Every failure is an OpenwashError naming the file, so the CLI prints one line and exits 2.
"""

from __future__ import annotations

import codecs
import errno
import os
import stat

from openwash.errors import OpenwashError

# A licence, policy or card longer than this is not a licence: refuse rather than read it all.
MAX_TEXT_BYTES = 2 * 1024 * 1024


def decode_text(data: bytes, label: str) -> str:
    """Decode UTF-8 (with or without BOM) or BOM-marked UTF-16 or UTF-32; anything else is an error."""
    # The UTF-32 little-endian BOM begins with the UTF-16 one: look for UTF-32 first.
    if data.startswith(codecs.BOM_UTF32_LE) or data.startswith(codecs.BOM_UTF32_BE):
        try:
            return data.decode("utf-32")
        except UnicodeDecodeError as exc:
            raise OpenwashError(f"{label}: invalid UTF-32 text ({exc.reason})") from exc
    if data.startswith(codecs.BOM_UTF16_LE) or data.startswith(codecs.BOM_UTF16_BE):
        try:
            return data.decode("utf-16")
        except UnicodeDecodeError as exc:
            raise OpenwashError(f"{label}: invalid UTF-16 text ({exc.reason})") from exc
    if b"\x00" in data[:8192]:
        raise OpenwashError(f"{label}: looks like a binary file, not text")
    # The BOM cut here, not by the "utf-8-sig" codec: that one is a module to import, "utf-8" is built in.
    bom = len(codecs.BOM_UTF8) if data.startswith(codecs.BOM_UTF8) else 0
    try:
        return (data[bom:] if bom else data).decode("utf-8")
    except UnicodeDecodeError as exc:
        at = bom + exc.start
        raise OpenwashError(
            f"{label}: not UTF-8 text (byte 0x{data[at]:02x} at offset {at}); re-encode it as UTF-8"
        ) from exc


def inside(root: str, path: str) -> str | None:
    """`path` with every component resolved (symlinked folders too), if that stays inside `root`;
    None when it leads out of the tree."""
    real_root = os.path.realpath(root)
    real = os.path.realpath(path)
    return real if real == real_root or real.startswith(real_root.rstrip(os.sep) + os.sep) else None


# Never through a symlink (the path given is already resolved), never blocking on a FIFO.
_OPEN_FLAGS = os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_NONBLOCK", 0)


def read_bytes(path: str, label: str, max_bytes: int = MAX_TEXT_BYTES, root: str | None = None) -> bytes:
    """At most `max_bytes` + 1 bytes of a regular file. With `root`, the file must lie inside that
    tree whatever the shape of the path (symlinked folders, `..`), and is opened without following
    a symlink, so a link swapped in after the check is refused rather than read."""
    if root is not None:
        real = inside(root, path)
        if real is None:
            raise OpenwashError(f"{label}: symlink points outside the repository; refusing to read it")
        path = real
    try:
        fd = os.open(path, _OPEN_FLAGS if root is not None else os.O_RDONLY | getattr(os, "O_NONBLOCK", 0))
        with os.fdopen(fd, "rb") as fh:
            st = os.fstat(fh.fileno())
            if not stat.S_ISREG(st.st_mode):
                raise OpenwashError(f"{label}: not a regular file")
            if st.st_size > max_bytes:
                raise OpenwashError(
                    f"{label}: {st.st_size:,} bytes is too large for a licence or card (limit {max_bytes:,})"
                )
            return fh.read(max_bytes + 1)
    except OSError as exc:
        if exc.errno == errno.ELOOP:
            raise OpenwashError(f"{label}: is a symlink; refusing to follow it") from exc
        raise OpenwashError(f"{label}: cannot read ({exc.strerror or exc})") from exc


def read_text(path: str, label: str, max_bytes: int = MAX_TEXT_BYTES, root: str | None = None) -> str:
    """Read a text file of the scanned repository, refusing huge, binary or non-UTF-8 files, and
    (with `root`) any file outside that tree."""
    data = read_bytes(path, label, max_bytes, root)
    if len(data) > max_bytes:
        raise OpenwashError(f"{label}: too large for a licence or card (limit {max_bytes:,} bytes)")
    return decode_text(data, label).replace("\r\n", "\n").replace("\r", "\n")
