"""Decoding a repository's text (evidence/textfile.py): UTF-8 with or without a BOM."""

from __future__ import annotations

import codecs

import pytest

from openwash.errors import OpenwashError
from openwash.evidence.textfile import decode_text


def test_a_utf8_bom_is_dropped_once() -> None:
    assert decode_text(codecs.BOM_UTF8 + b"MIT License\n", "LICENSE") == "MIT License\n"
    assert decode_text(codecs.BOM_UTF8 * 2 + b"x", "LICENSE") == "\ufeffx"  # as utf-8-sig reads it
    assert decode_text("Café\n".encode(), "LICENSE") == "Café\n"


@pytest.mark.parametrize("bom", [b"", codecs.BOM_UTF8])
def test_a_bad_byte_is_named_at_its_offset_in_the_file(bom: bytes) -> None:
    data = bom + b"ok \xff here"
    at = data.index(b"\xff")
    with pytest.raises(OpenwashError) as err:
        decode_text(data, "LICENSE")
    assert f"byte 0xff at offset {at}" in err.value.message
