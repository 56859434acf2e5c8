"""Compiled regular expressions kept from one run of the console script to the next.

Compiling the ~200 patterns of a scan (file names, prose cues, normalisation, rules, the
standard library's own) is a fifth of a typical scan's run time. `re.compile` first looks in
`re`'s per-process dictionary keyed by (type, pattern, flags); `warm()` fills it, before the
patterns are needed, from a file holding each pattern's compiled form: the regex engine's code,
from which `_sre.compile` (the last step of `re.compile` itself) makes the pattern object in
microseconds. `save()` adds the patterns a run compiled that the file lacked.

Both lean on CPython internals, so both are guarded: the file's name carries the interpreter's
cache tag and the regex engine's MAGIC, the engine validates any code it is given, and on any
error `re` simply compiles as it always does. The file lives in the user cache directory (the
SPDX index's), or in the package's data folder when an image bakes it there.
"""

from __future__ import annotations

import contextlib
import marshal
import os
import re
import sys
from typing import Any

_MAX_ENTRIES = 2000  # bounded: patterns built from data (a user's policy) cannot grow it forever

_entries: list[tuple[Any, ...]] = []
_known: set[tuple[type, str, int]] = set()


def _file_name() -> str | None:
    try:
        import _sre  # type: ignore[import-not-found]
    except ImportError:  # pragma: no cover - not CPython
        return None
    tag = sys.implementation.cache_tag
    return f"regex-cache-{tag}-sre{_sre.MAGIC}.marshal" if tag else None


def _locations(name: str) -> list[str]:
    from openwash.usercache import cache_dir

    package = os.path.join(os.path.dirname(os.path.abspath(__file__)), "data", name)
    return [package, os.path.join(cache_dir(), name)]


def warm() -> None:
    """Put the saved compiled patterns into `re`'s cache (nothing on any error)."""
    name = _file_name()
    if name is None:
        return
    try:
        import _sre

        cache: Any = re._cache  # type: ignore[attr-defined]
        for path in _locations(name):
            try:
                with open(path, "rb") as fh:
                    entries = marshal.loads(fh.read())
            except (OSError, ValueError, EOFError, TypeError):
                continue
            for entry in entries:
                pattern, flags, final_flags, code, groups, groupindex, indexgroup = entry
                key = (str, pattern, flags)
                if key not in _known:
                    cache[key] = _sre.compile(pattern, final_flags, code, groups, groupindex, indexgroup)
                    _known.add(key)
                    _entries.append(entry)
    except Exception:  # an engine that changed under the same MAGIC: compile as usual
        return


def _compiled_form(pattern: str, flags: int) -> tuple[Any, ...] | None:
    """What `re` compiles `pattern` into, as `_sre.compile` takes it; None if it does not check."""
    import _sre
    from re import _compiler, _parser  # type: ignore[attr-defined]

    parsed = _parser.parse(pattern, flags)
    code = [int(c) for c in _compiler._code(parsed, flags)]
    groupindex = {str(k): int(v) for k, v in parsed.state.groupdict.items()}
    indexgroup: list[str | None] = [None] * parsed.state.groups
    for k, i in groupindex.items():
        indexgroup[i] = k
    entry = (
        pattern,
        flags,
        int(flags | parsed.state.flags),
        code,
        parsed.state.groups - 1,
        groupindex,
        tuple(indexgroup),
    )
    made = _sre.compile(*entry[:1], *entry[2:])
    ref = re.compile(pattern, flags)
    if (made.flags, made.groups, made.groupindex) != (ref.flags, ref.groups, ref.groupindex):
        return None
    return entry


def save() -> None:
    """Write the cache file again if this run compiled patterns it lacks (the first run does)."""
    name = _file_name()
    if name is None:
        return
    try:
        cache: Any = re._cache  # type: ignore[attr-defined]
        new = [
            k
            for k in list(cache)
            if len(k) == 3 and k[0] is str and isinstance(k[2], int) and k not in _known
        ]
        if not new or len(_entries) + len(new) > _MAX_ENTRIES:
            return
        from openwash.usercache import cache_dir, write_atomic

        for _, pattern, flags in new:
            entry = _compiled_form(pattern, flags)
            if entry is not None:
                _entries.append(entry)
            _known.add((str, pattern, flags))
        with contextlib.suppress(OSError):
            write_atomic(os.path.join(cache_dir(), name), marshal.dumps(_entries))
    except Exception:  # never fail a scan over a cache
        return
