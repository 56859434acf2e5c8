""".openwash.yml + flags -> Policy, and whether a report meets it (SPEC section 6).

Precedence: command-line flags and action inputs win over the file; the file wins over the
defaults of the entry point (CLI, pre-commit hook, action).
"""

from __future__ import annotations

import functools
import os
from dataclasses import dataclass, field, replace
from typing import Any

from openwash.datafiles import read_json
from openwash.errors import OpenwashError
from openwash.report import ALL_TIERS, KIND_OSD, UNKNOWN_LICENCE, Override, Report, tier_rank

COMMENT_MODES = ("always", "on-change", "never")  # the schema's `comment` enum (a test holds them equal)
POLICY_FILES = (".openwash.yml", ".openwash.yaml")


@dataclass(frozen=True)
class Policy:
    """The policy a scan is judged by: defaults, .openwash.yml and the command line."""

    min_tier: str | None = None
    fail_on_violation: bool = False
    fail_on_unknown_license: bool = False
    label_prefix: str = "openness: "
    comment: str = "on-change"
    allowed_licenses: tuple[str, ...] = ()
    ignore: tuple[str, ...] = ()
    overrides: tuple[Override, ...] = ()
    source: str | None = None  # the policy file, when one was read
    notes: tuple[str, ...] = field(default=())


# Defaults per entry point (SPEC section 6 table).
CLI_DEFAULTS = Policy()
HOOK_DEFAULTS = Policy(fail_on_violation=True)
ACTION_DEFAULTS = Policy(comment="on-change")


def parse_policy(data: Any, where: str, base: Policy) -> Policy:
    """Apply a parsed .openwash.yml mapping on top of `base`; checked against data/policy.schema.json
    first, so a bad file is one line naming what is wrong (unknown keys by name)."""
    if data is None:
        return replace(base, source=where)
    if isinstance(data, dict):
        data = {str(k).replace("-", "_"): v for k, v in data.items()}
    _check(data, where)
    p = replace(base, source=where)
    if "min_tier" in data:
        p = replace(p, min_tier=data["min_tier"] if data["min_tier"] not in (None, "", "none") else None)
    if "fail_on_violation" in data:
        p = replace(p, fail_on_violation=_bool(data["fail_on_violation"]))
    if "fail_on_unknown_license" in data:
        p = replace(p, fail_on_unknown_license=_bool(data["fail_on_unknown_license"]))
    if "label_prefix" in data:
        p = replace(p, label_prefix=data["label_prefix"])
    if "comment" in data:
        p = replace(p, comment=data["comment"])
    if "allowed_licenses" in data:
        p = replace(p, allowed_licenses=_strings(data["allowed_licenses"]))
    if "ignore" in data:
        p = replace(p, ignore=_strings(data["ignore"]))
    if "overrides" in data:
        overrides = [
            Override(o["justification"].strip(), o.get("rule"), o.get("clause"), o.get("path"))
            for o in data["overrides"]
        ]
        p = replace(p, overrides=tuple(overrides))
    return p


def _bool(value: bool | str) -> bool:
    # The schema admits YAML booleans and the words true/yes/1/on, false/no/0/off.
    return value if isinstance(value, bool) else value.strip().lower() in ("true", "yes", "1", "on")


def _strings(value: str | list[str] | None) -> tuple[str, ...]:
    return (value,) if isinstance(value, str) else tuple(value or ())


@functools.cache
def _schema() -> dict[str, Any]:
    schema: dict[str, Any] = read_json("data", "policy.schema.json")
    return schema


def _check(data: Any, where: str) -> None:
    import jsonschema  # only when a policy file is read: the hook without one never loads it

    schema = _schema()
    errors = list(jsonschema.Draft202012Validator(schema).iter_errors(data))
    if not errors:
        return
    order = list(schema["properties"])

    def rank(e: jsonschema.ValidationError) -> tuple[int, int, str]:
        # Unknown keys first, then the keys in the schema's order, as a reader scans the file.
        path = list(e.absolute_path)
        first = order.index(path[0]) if path and path[0] in order else -1
        return (0 if e.validator == "additionalProperties" and not path else 1, first, str(path))

    raise OpenwashError(f"{where}: {_message(min(errors, key=rank), schema)}")


def _message(error: Any, schema: dict[str, Any]) -> str:
    """The schema's own wording for the node that failed (`message`, or `messages` per keyword)."""
    node: dict[str, Any] = error.schema
    instance = error.instance
    index = next((p for p in error.absolute_path if isinstance(p, int)), 0)
    unknown = ""
    if error.validator == "additionalProperties" and isinstance(instance, dict):
        unknown = "'" + sorted(set(instance) - set(node.get("properties", {})))[0] + "'"
    template = node.get("messages", {}).get(error.validator) or node.get("message") or error.message
    return str(template).format(
        value=repr(instance),
        index=index,
        unknown=unknown,
        length=len(instance) if isinstance(instance, str) else 0,
        known=", ".join(sorted(schema["properties"])),
        tiers=", ".join(ALL_TIERS),
    )


def read_policy_file(path: str, root: str | None = None) -> Any:
    """The parsed policy file; with `root`, only if it lies inside that tree (no symlink out)."""
    from openwash.evidence.textfile import read_text
    from openwash.evidence.untrusted_yaml import load_untrusted_yaml

    name = os.path.basename(path)
    return load_untrusted_yaml(read_text(path, name, max_bytes=256 * 1024, root=root), name, "policy YAML")


def load_policy(
    repo_root: str | None,
    base: Policy,
    config_path: str | None = None,
    flags: dict[str, Any] | None = None,
    confine: str | None = None,
) -> Policy:
    """Defaults (`base`) < the repository's .openwash.yml (or `config_path`) < flags. The
    repository's own file is read only from inside the repository, and so is `config_path` when
    `confine` names the tree it must stay in (the action's workspace); a `--config` typed on the
    command line is the user's own file."""
    policy = base
    path = config_path
    if path is None and repo_root is not None:
        confine = repo_root
        path = next(
            (os.path.join(repo_root, n) for n in POLICY_FILES if os.path.lexists(os.path.join(repo_root, n))),
            None,
        )
    if path is not None:
        if not os.path.lexists(path):
            raise OpenwashError(f"{path}: policy file not found")
        policy = parse_policy(read_policy_file(path, confine), os.path.basename(path), policy)
    for key, value in (flags or {}).items():
        if value is not None:
            if key == "label_prefix":
                _check({"label_prefix": value}, "input label-prefix")  # the schema's rule for the input too
            policy = replace(policy, **{key: value})
    return policy


def override_for(policy: Policy, rule: str, clause: int | None, path: str | None) -> Override | None:
    for o in policy.overrides:
        if (
            (o.rule is None or o.rule == rule)
            and (o.clause is None or o.clause == clause)
            and (o.path is None or o.path == path)
        ):
            return o
    return None


def evaluate(report: Report, policy: Policy) -> list[str]:
    """Why the report fails the policy; an empty list means it passes."""
    reasons = []
    if policy.min_tier is not None and tier_rank(report.tier) < tier_rank(policy.min_tier):
        reasons.append(f"tier {report.tier} is below the minimum {policy.min_tier}")
    if policy.fail_on_violation:
        violations = [f for f in report.violations if f.kind == KIND_OSD or f.clause is not None]
        if violations:
            clauses = sorted({f.clause for f in violations if f.clause is not None})
            reasons.append(f"{len(violations)} OSD violation(s) (clauses {', '.join(map(str, clauses))})")
    if policy.fail_on_unknown_license:
        unknown = [lic.path or lic.id for lic in report.licenses if lic.id == UNKNOWN_LICENCE]
        if unknown:
            reasons.append(f"unknown licence in {', '.join(unknown)}")
    if policy.allowed_licenses:
        allowed = {a.lower() for a in policy.allowed_licenses}
        outside = sorted({lic.id for lic in report.licenses if lic.id.lower() not in allowed})
        if outside:
            reasons.append(f"licence(s) not allowed by this project: {', '.join(outside)}")
    return reasons
