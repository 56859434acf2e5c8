"""Code the standard library compiles from text at import time, kept from one run of the console
script to the next.

`dataclasses` writes each class's __init__, __repr__, __eq__ (and for a frozen class __setattr__,
__delattr__ and __hash__) as source text and compiles it with `exec`: for the classes a scan
imports, some two hundred compilations, a third of a typical scan's start-up. `typing` compiles
each string annotation of a NamedTuple (a forward reference) with `compile`, and a process's
first call of the builtin `compile` also builds the `ast` module's hundred-odd node types (about
1.3 ms, more than all the rest of those compilations). `warm()` gives both modules a stand-in
(`dataclasses.exec`, `typing.compile`: a module global shadows the builtin) that looks the text
up in a table of code objects read from a marshal file before compiling it; `save()` adds what a
run compiled that the file lacked. A code object is exactly what the builtin compiles from the
same text and mode (file name "<string>", no inherited flags: neither module imports from
__future__), so the classes are the same as without the table.

On Python 3.11 (the image's), `dataclasses` imports `inspect` (with ast, dis and tokenize, a tenth
of a typical scan) only to write a docstring for a class that has none. `warm()` imports
`dataclasses` there with a stand-in that imports the real `inspect` at its first use: never, when
every class of a scan has a docstring. (From 3.12 `dataclasses` reads every class's annotations
through `inspect`, so it is imported as usual.)

Guarded as `regex_cache` is: the file's name carries the interpreter's cache tag and byte-code
magic number, any error leaves `dataclasses` compiling as it always does, and the table is
bounded. The file lives in the user cache directory, or in the package's data folder when an
image bakes it there.
"""

from __future__ import annotations

import contextlib
import marshal
import os
import sys
from types import CodeType, ModuleType
from typing import Any

_MAX_ENTRIES = 2000  # bounded: classes a user's own code makes in the process cannot grow it forever

Key = tuple[str, str]  # (mode, source text): the same text compiles to other code in another mode
_table: dict[Key, CodeType] = {}
_new = 0  # entries compiled by this run


def _file_name() -> str | None:
    from importlib.util import MAGIC_NUMBER

    tag = sys.implementation.cache_tag
    return f"compiled-code-{tag}-{MAGIC_NUMBER.hex()}.marshal" if tag else None


def _locations(name: str) -> list[str]:
    from openwash.usercache import cache_dir

    package = os.path.join(os.path.dirname(os.path.abspath(__file__)), "data", name)
    return [package, os.path.join(cache_dir(), name)]


def _code(source: str, mode: str) -> CodeType:
    """The code of a source text, from the table or compiled (and then added to it)."""
    global _new
    key = (mode, source)
    code = _table.get(key)
    if code is None:
        code = compile(source, "<string>", mode, dont_inherit=True)  # a SyntaxError passes on
        if len(_table) < _MAX_ENTRIES:
            _table[key] = code
            _new += 1
    return code


def _exec(source: Any, globals: Any = None, locals: Any = None) -> None:
    """`exec` for `dataclasses`, with the code of a source text compiled before from the table."""
    exec(_code(source, "exec") if isinstance(source, str) else source, globals, locals)


def _compile(source: Any, filename: Any, mode: Any, *args: Any, **kwargs: Any) -> Any:
    """`compile` for `typing`: its forward references' code from the table."""
    if isinstance(source, str) and filename == "<string>" and mode == "eval" and not args and not kwargs:
        return _code(source, mode)
    return compile(source, filename, mode, *args, **kwargs)


class _DeferredInspect(ModuleType):
    """`inspect` as `dataclasses` sees it: the real module, imported when first used."""

    def __getattr__(self, name: str) -> Any:
        import inspect

        return getattr(inspect, name)


def _import_dataclasses() -> None:
    """Import `dataclasses` with `inspect` deferred (see the module's docstring)."""
    if sys.version_info >= (3, 12) or "dataclasses" in sys.modules or "inspect" in sys.modules:
        return
    stand_in = _DeferredInspect("inspect")
    sys.modules["inspect"] = stand_in  # only while dataclasses imports: no one else sees it
    try:
        import dataclasses  # noqa: F401
    finally:
        if sys.modules.get("inspect") is stand_in:
            del sys.modules["inspect"]


def _is_key(k: object) -> bool:
    return isinstance(k, tuple) and len(k) == 2 and all(isinstance(part, str) for part in k)


def warm() -> None:
    """Read the saved code and let `dataclasses` and `typing` use it (nothing on any error)."""
    name = _file_name()
    if name is None:
        return
    try:
        _import_dataclasses()
        import dataclasses

        for path in reversed(_locations(name)):  # the package's own entries win
            try:
                with open(path, "rb") as fh:
                    loaded = marshal.loads(fh.read())
            except (OSError, ValueError, EOFError, TypeError):
                continue
            if isinstance(loaded, dict):
                _table.update((k, v) for k, v in loaded.items() if _is_key(k) and isinstance(v, CodeType))
        import typing

        dataclasses.exec = _exec  # type: ignore[attr-defined]  # a module global shadows the builtin
        typing.compile = _compile  # type: ignore[attr-defined]
    except Exception:  # never fail a scan over a cache
        return


def save() -> None:
    """Write the file again if this run compiled code it lacked (the first run does)."""
    name = _file_name()
    if name is None or not _new:
        return
    try:
        from openwash.usercache import cache_dir, write_atomic

        with contextlib.suppress(OSError):
            write_atomic(os.path.join(cache_dir(), name), marshal.dumps(_table))
    except Exception:  # never fail a scan over a cache
        return
