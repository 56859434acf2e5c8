"""Compiled regular expressions kept from one run of the console script to the next.

Compiling the ~200 patterns of a scan (file names, prose cues, normalisation, rules, the
standard library's own) is a fifth of a typical scan's run time. `re.compile` first looks in
`re`'s per-process dictionary keyed by (type, pattern, flags); `warm()` reads a file holding each
pattern's compiled form, the regex engine's code, from which `_sre.compile` (the last step of
`re.compile` itself) makes the pattern object in microseconds, and lets that dictionary make a
pattern from it the first time the pattern is asked for. `save()` adds the patterns a run
compiled that the file lacked.

The file holds the patterns of every kind of repository scanned before, most of which a given run
never asks for: so nothing is made before it is needed, and each pattern's code is kept as bytes,
which read back in one copy (a list of numbers is read number by number). When the file is full,
the patterns this run used are kept before the others.

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
from array import array
from typing import Any

_MAX_ENTRIES = 2000  # bounded: patterns built from data (a user's policy) cannot grow it forever
_CODE = "I"  # array type of the engine's code words (checked against _sre.CODESIZE)

Key = tuple[type, str | bytes, int]  # as `re` keys its cache: str and bytes patterns apart
_saved: dict[Key, tuple[Any, ...]] = {}  # key -> (pattern, flags, final_flags, code, groups, ...)
_used: set[Key] = set()  # the saved patterns this run asked for


def _file_name() -> str | None:
    try:
        import _sre  # type: ignore[import-not-found]
    except ImportError:  # pragma: no cover - not CPython
        return None
    tag = sys.implementation.cache_tag
    if not tag or array(_CODE).itemsize != _sre.CODESIZE:
        return None
    return f"regex-cache-{tag}-sre{_sre.MAGIC}-packed.marshal"


def _locations(name: str) -> list[str]:
    from openwash.usercache import cache_dir

    package = os.path.join(os.path.dirname(os.path.abspath(__file__)), "data", name)
    return [package, os.path.join(cache_dir(), name)]


class _Warmed(dict[Key, Any]):
    """`re`'s pattern dictionary: a saved pattern is made from its code when first asked for."""

    def __missing__(self, key: Key) -> Any:
        entry = _saved.get(key)
        if entry is None:
            raise KeyError(key)
        try:
            import _sre

            pattern, _, final_flags, code, groups, groupindex, indexgroup = entry
            compiled = _sre.compile(
                pattern, final_flags, array(_CODE, code).tolist(), groups, groupindex, indexgroup
            )
        except Exception:  # an engine that changed under the same MAGIC: `re` compiles it
            raise KeyError(key) from None
        _used.add(key)
        self[key] = compiled
        return compiled


def warm() -> None:
    """Let `re` take the saved compiled patterns (nothing on any error)."""
    name = _file_name()
    if name is None:
        return
    try:
        for path in _locations(name):  # the package's own entries win
            try:
                with open(path, "rb") as fh:
                    entries = marshal.loads(fh.read())
            except (OSError, ValueError, EOFError, TypeError):
                continue
            for entry in entries:
                _saved.setdefault((type(entry[0]), entry[0], entry[1]), entry)
        # The dictionary `re.compile` looks in first (Python 3.12 added a second, smaller one).
        first = "_cache2" if hasattr(re, "_cache2") else "_cache"
        current = getattr(re, first)
        if not isinstance(current, _Warmed):
            setattr(re, first, _Warmed(current))
    except Exception:  # never fail a scan over a cache
        return


def _compiled_form(pattern: str | bytes, flags: int) -> tuple[Any, ...] | None:
    """What `re` compiles `pattern` into, as `_sre.compile` takes it (the code packed as bytes);
    None if it does not check."""
    import _sre
    from re import _compiler, _parser  # type: ignore[attr-defined]

    parsed = _parser.parse(pattern, flags)
    code = [int(c) for c in _compiler._code(parsed, flags)]
    groupindex = {str(k): int(v) for k, v in parsed.state.groupdict.items()}
    indexgroup: list[str | None] = [None] * parsed.state.groups
    for k, i in groupindex.items():
        indexgroup[i] = k
    final_flags = int(flags | parsed.state.flags)
    groups = parsed.state.groups - 1
    made = _sre.compile(pattern, final_flags, code, groups, groupindex, tuple(indexgroup))
    ref = re.compile(pattern, flags)
    if (made.flags, made.groups, made.groupindex) != (ref.flags, ref.groups, ref.groupindex):
        return None
    return (pattern, flags, final_flags, array(_CODE, code).tobytes(), groups, groupindex, tuple(indexgroup))


def save() -> None:
    """Write the file again if this run compiled patterns it lacks (the first run does)."""
    name = _file_name()
    if name is None:
        return
    try:
        keys = list(re._cache)  # type: ignore[attr-defined]
        compiled = [k for k in keys if len(k) == 3 and k[0] in (str, bytes) and isinstance(k[2], int)]
        new = [k for k in compiled if k not in _saved]
        if not new:
            return
        from openwash.usercache import cache_dir, write_atomic

        made = [e for k in new if (e := _compiled_form(k[1], k[2])) is not None]
        # This run's patterns first, so that a full file keeps what is still in use.
        used = [_saved[k] for k in _saved if k in _used]
        others = [_saved[k] for k in _saved if k not in _used]
        entries = (used + made + others)[:_MAX_ENTRIES]
        with contextlib.suppress(OSError):
            write_atomic(os.path.join(cache_dir(), name), marshal.dumps(entries))
    except Exception:  # never fail a scan over a cache
        return
