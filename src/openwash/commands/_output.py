"""Where a command's output goes: stdout, or the file given with -o."""

from __future__ import annotations

import sys

from openwash.errors import OpenwashError


def write_output(text: str, path: str | None) -> None:
    if not path:
        sys.stdout.write(text)
        return
    try:
        with open(path, "w", encoding="utf-8") as fh:
            fh.write(text)
    except OSError as exc:
        raise OpenwashError(f"{path}: cannot write ({exc.strerror or exc})") from exc
