"""The code kept between runs (openwash/codecache.py): typing's forward references."""

from __future__ import annotations

from pathlib import Path

from conftest import runs_of

# A NamedTuple whose annotations are strings, as under `from __future__ import annotations`: typing
# compiles each one. Prints what the run compiled anew and whether the fields read back right.
PROBE = """
import typing
from openwash import codecache
codecache.warm()
Pair = typing.NamedTuple("Pair", [("left", "int"), ("right", "str | None")])
refs = Pair.__annotations__
assert [r.__forward_arg__ for r in refs.values()] == ["int", "str | None"]
assert typing.get_type_hints(Pair) == {"left": int, "right": str | None}
assert Pair(1, None).right is None
try:
    typing.ForwardRef("not an expression (")
except SyntaxError:
    pass
else:
    raise AssertionError("a bad forward reference compiled")
codecache.save()
print(codecache._new, len(codecache._table))
"""


def test_forward_references_are_compiled_once_and_read_back_the_same(tmp_path: Path) -> None:
    runs = runs_of(PROBE, tmp_path)
    assert runs[0][0] == runs[0][1] != "0"  # the first run compiled every forward reference
    assert runs[1] == ["0", runs[0][1]]  # the second took them all from the file


def test_a_damaged_file_leaves_typing_compiling(tmp_path: Path) -> None:
    from openwash import codecache

    name = codecache._file_name()
    assert name is not None
    (tmp_path / name).write_bytes(b"\x00garbage")
    (out,) = runs_of(PROBE, tmp_path, times=1)
    assert out[0] != "0"
