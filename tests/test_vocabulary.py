"""The vocabulary is defined once (openwash/vocabulary.py); its data file and the JSON report
schema name exactly the same words."""

from __future__ import annotations

import json
from importlib import resources
from typing import Any

from openwash import vocabulary
from openwash.datafiles import load_yaml


def _schema() -> dict[str, Any]:
    text = (resources.files("openwash") / "data" / "report.schema.json").read_text(encoding="utf-8")
    schema: dict[str, Any] = json.loads(text)
    return schema


def _enum(node: dict[str, Any]) -> list[Any]:
    return [v for v in node["enum"] if v is not None]


def test_schema_enums_match_the_vocabulary() -> None:
    schema = _schema()
    defs = schema["$defs"]
    assert _enum(schema["properties"]["tier"]) == list(vocabulary.ALL_TIERS)
    assert _enum(defs["finding"]["properties"]["kind"]) == list(vocabulary.KINDS)
    assert _enum(defs["finding"]["properties"]["severity"]) == list(vocabulary.SEVERITIES)
    assert _enum(defs["license"]["properties"]["source"]) == list(vocabulary.LICENCE_SOURCES)
    assert _enum(defs["license"]["properties"]["governs"]["items"]) == list(vocabulary.GOVERNED)
    assert _enum(defs["component"]["properties"]["terms_source"]) == list(vocabulary.TERMS_SOURCES)
    assert schema["properties"]["components"]["required"] == list(vocabulary.COMPONENT_NAMES)


def test_data_file_names_every_word_and_no_other() -> None:
    data = load_yaml("vocabulary.yaml")
    assert list(data["tiers"]) == list(vocabulary.ALL_TIERS)
    assert list(data["kinds"]) == list(vocabulary.KINDS)
    assert list(data["components"]) == list(vocabulary.COMPONENT_NAMES)
    for tier, entry in data["tiers"].items():
        assert entry.get("next") in (None, *vocabulary.ALL_TIERS), tier
        if entry.get("next"):
            assert vocabulary.tier_rank(entry["next"]) > vocabulary.tier_rank(tier)
    # The two no-model tiers rank with their model counterparts (SPEC section 4).
    assert vocabulary.tier_rank("not-open-source") == vocabulary.tier_rank("closed")
    assert vocabulary.tier_rank("open-source") == vocabulary.tier_rank("open-source-ai")


def test_every_kind_has_a_comment_title() -> None:
    # The PR comment heads each group of findings with its kind's title.
    assert all(vocabulary.kind_title(k) for k in vocabulary.KINDS)
    assert vocabulary.kind_title("terms-concern") == "Other terms of concern"
    assert vocabulary.kind_title("no-such-kind") is None
