"""The policy file (.openwash.yml) against its schema (data/policy.schema.json): what a valid file
gives, and the one line each kind of mistake gets."""

from __future__ import annotations

import json
from importlib import resources
from typing import Any

import pytest

from openwash.errors import OpenwashError
from openwash.policy import CLI_DEFAULTS, COMMENT_MODES, Policy, parse_policy
from openwash.report import ALL_TIERS, Override


def _parse(data: Any) -> Policy:
    return parse_policy(data, ".openwash.yml", CLI_DEFAULTS)


def test_a_full_policy() -> None:
    p = _parse(
        {
            "min-tier": "open-weight",
            "fail_on_violation": "yes",
            "fail-on-unknown-license": False,
            "label_prefix": "tier: ",
            "comment": "always",
            "allowed_licenses": "MIT",
            "ignore": ["vendor/", "docs/*.md"],
            "overrides": [
                {"clause": 5, "justification": "  reviewed with counsel "},
                {"rule": "r", "justification": "x"},
            ],
        }
    )
    assert p.min_tier == "open-weight" and p.fail_on_violation is True and p.fail_on_unknown_license is False
    assert p.label_prefix == "tier: " and p.comment == "always"
    assert p.allowed_licenses == ("MIT",) and p.ignore == ("vendor/", "docs/*.md")
    assert p.overrides == (Override("reviewed with counsel", None, 5, None), Override("x", "r", None, None))
    assert p.source == ".openwash.yml"


@pytest.mark.parametrize("value", [None, "", "none"])
def test_no_minimum_tier(value: Any) -> None:
    assert _parse({"min_tier": value}).min_tier is None
    assert _parse(None) == Policy(source=".openwash.yml")


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (["min_tier"], "the policy must be a mapping of keys to values"),
        (
            {"min_tier": "open-weight", "fail_on_violations": True},
            "unknown key 'fail_on_violations' (known keys: allowed_licenses, comment,",
        ),
        ({"min_tier": "weights"}, "unknown tier 'weights' (one of: " + ", ".join(ALL_TIERS) + ")"),
        ({"fail_on_violation": "maybe"}, "'fail_on_violation' must be true or false, not 'maybe'"),
        ({"fail_on_unknown_license": 2}, "'fail_on_unknown_license' must be true or false, not 2"),
        ({"label_prefix": 3}, "'label_prefix' must be a string"),
        ({"label_prefix": "x" * 36}, "'label_prefix' is 36 characters; at most 35 fit in a GitHub label"),
        ({"label_prefix": "tier\n"}, "'label_prefix' holds a control character"),
        ({"comment": "sometimes"}, "comment must be one of always, on-change, never, not 'sometimes'"),
        ({"ignore": [1]}, "'ignore' must be a list of strings"),
        ({"allowed_licenses": {"a": 1}}, "'allowed_licenses' must be a list of strings"),
        ({"overrides": {"clause": 5}}, "'overrides' must be a list"),
        ({"overrides": ["x"]}, "overrides[0] must be a mapping"),
        (
            {"overrides": [{"clause": 5, "justification": "j"}, {"clause": 5}]},
            "overrides[1] needs a written 'justification'",
        ),
        (
            {"overrides": [{"clause": 5, "justification": "  "}]},
            "overrides[0] needs a written 'justification'",
        ),
        ({"overrides": [{"justification": "j"}]}, "overrides[0] must name a rule, clause or path"),
        (
            {"overrides": [{"clause": 11, "justification": "j"}]},
            "overrides[0].clause must be an OSD clause number 1-10",
        ),
        (
            {"overrides": [{"clause": 1, "justification": "j", "until": "2026"}]},
            "overrides[0] has unknown key 'until'",
        ),
    ],
)
def test_each_mistake_is_one_line_naming_it(data: Any, message: str) -> None:
    with pytest.raises(OpenwashError) as info:
        _parse(data)
    text = str(info.value)
    assert text.startswith(".openwash.yml: " + message), text
    assert "\n" not in text


def test_unknown_keys_come_before_bad_values() -> None:
    with pytest.raises(OpenwashError, match="unknown key 'colour'"):
        _parse({"comment": "sometimes", "colour": "red"})


def test_schema_enums_are_the_vocabulary() -> None:
    text = (resources.files("openwash") / "data" / "policy.schema.json").read_text(encoding="utf-8")
    props = json.loads(text)["properties"]
    assert props["min_tier"]["enum"] == [*ALL_TIERS, "none", "", None]
    assert tuple(props["comment"]["enum"]) == COMMENT_MODES
    # GitHub takes labels of 50 characters: the prefix leaves room for the longest tier.
    assert props["label_prefix"]["maxLength"] == 50 - max(len(t) for t in ALL_TIERS)
