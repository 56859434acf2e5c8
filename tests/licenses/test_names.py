"""Licences named in prose (licenses/names.py)."""

from __future__ import annotations

import pytest

from openwash.licenses import names


@pytest.mark.parametrize(
    ("sentence", "named"),
    [
        # "++" is part of the name: the RAIL++-M is not the RAIL-M, and the other way round.
        ("The weights are released under the CreativeML Open RAIL++-M License.", "RAIL++-M"),
        ("The weights are released under the CreativeML Open RAIL-M license.", "RAIL-M"),
    ],
)
def test_a_longer_name_does_not_also_name_its_shorter_relative(sentence: str, named: str) -> None:
    from openwash.licenses import ai

    found = names.names_in(sentence)
    assert len(found) == 1
    entry = ai.by_id(found[0])
    assert entry is not None and entry.name.endswith(named)
