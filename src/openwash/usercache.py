"""The user cache folder (indexes, parsed data, compiled patterns) and how files are put there."""

from __future__ import annotations

import contextlib
import os


def cache_dir() -> str:
    """The user cache directory for openwash."""
    env = os.environ.get("OPENWASH_CACHE_DIR")
    if env:
        return env
    xdg = os.environ.get("XDG_CACHE_HOME")
    if xdg:
        return os.path.join(xdg, "openwash")
    return os.path.join(os.path.expanduser("~"), ".cache", "openwash")


def write_atomic(path: str, data: bytes) -> None:
    import tempfile

    folder = os.path.dirname(path)
    os.makedirs(folder, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=os.path.basename(path) + ".", suffix=".tmp", dir=folder)
    try:
        with os.fdopen(fd, "wb") as f:
            f.write(data)
        os.chmod(tmp, 0o644)
        os.replace(tmp, path)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise
