from __future__ import annotations

from pathlib import Path

import pytest
from check_context import card, context
from weights import write

from openwash.assess.checks import base_notice

BASE = "base_model: mistralai/Mistral-7B-v0.1"


@pytest.mark.parametrize(
    ("upstream", "rule"),
    [
        ({}, "base-notice-unchecked"),
        ({"base": {"notice": True}}, "base-notice-missing"),
        ({"base": {"notice": False}}, None),
    ],
)
def test_an_apache_base_needs_its_notice(
    tmp_path: Path, upstream: dict[str, object], rule: str | None
) -> None:
    write(tmp_path, {"README.md": card(BASE)})
    found = base_notice.check(context(tmp_path, upstream=upstream))
    assert [(f.kind, f.rule, f.path, f.line_start, f.quote) for f in found] == (
        [("missing-notice", rule, "README.md", 2, BASE)] if rule else []
    )


def test_a_notice_file_is_the_notice(tmp_path: Path) -> None:
    write(tmp_path, {"README.md": card(BASE), "NOTICE": "Mistral 7B\nCopyright 2023 Mistral AI\n"})
    assert base_notice.check(context(tmp_path)) == []
