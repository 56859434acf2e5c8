""".openwash.yml + flags -> Policy, and whether a report meets it (SPEC section 6).

Precedence: command-line flags and action inputs win over the file; the file wins over the
defaults of the entry point (CLI, pre-commit hook, action).
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field, replace
from typing import Any

from openwash.errors import OpenwashError
from openwash.report import ALL_TIERS, KIND_OSD, UNKNOWN_LICENCE, Override, Report, tier_rank

COMMENT_MODES = ("always", "on-change", "never")
POLICY_FILES = (".openwash.yml", ".openwash.yaml")

_KEYS = {
    "min_tier": "minimum tier",
    "fail_on_violation": "fail on an OSD violation",
    "fail_on_unknown_license": "fail on an unknown licence",
    "label_prefix": "PR label prefix",
    "comment": "comment mode",
    "allowed_licenses": "licences this project allows",
    "ignore": "paths to ignore",
    "overrides": "explicit overrides with a justification",
}


@dataclass(frozen=True)
class Policy:
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


def _bool(value: Any, key: str, where: str) -> bool:
    if isinstance(value, bool):
        return value
    if isinstance(value, str) and value.strip().lower() in (
        "true",
        "yes",
        "1",
        "on",
        "false",
        "no",
        "0",
        "off",
    ):
        return value.strip().lower() in ("true", "yes", "1", "on")
    raise OpenwashError(f"{where}: '{key}' must be true or false, not {value!r}")


def _tier(value: Any, where: str) -> str | None:
    if value in (None, "", "none"):
        return None
    if not isinstance(value, str) or value not in ALL_TIERS:
        raise OpenwashError(f"{where}: unknown tier {value!r} (one of: {', '.join(ALL_TIERS)})")
    return value


def _str_list(value: Any, key: str, where: str) -> tuple[str, ...]:
    if value is None:
        return ()
    if isinstance(value, str):
        return (value,)
    if isinstance(value, list) and all(isinstance(v, str) for v in value):
        return tuple(value)
    raise OpenwashError(f"{where}: '{key}' must be a list of strings")


def parse_policy(data: Any, where: str, base: Policy) -> Policy:
    """Apply a parsed .openwash.yml mapping on top of `base`; unknown keys are an error."""
    if data is None:
        return replace(base, source=where)
    if not isinstance(data, dict):
        raise OpenwashError(f"{where}: the policy must be a mapping of keys to values")
    normalised = {str(k).replace("-", "_"): v for k, v in data.items()}
    unknown = sorted(set(normalised) - set(_KEYS))
    if unknown:
        raise OpenwashError(f"{where}: unknown key '{unknown[0]}' (known keys: {', '.join(sorted(_KEYS))})")
    p = replace(base, source=where)
    if "min_tier" in normalised:
        p = replace(p, min_tier=_tier(normalised["min_tier"], where))
    if "fail_on_violation" in normalised:
        p = replace(p, fail_on_violation=_bool(normalised["fail_on_violation"], "fail_on_violation", where))
    if "fail_on_unknown_license" in normalised:
        value = _bool(normalised["fail_on_unknown_license"], "fail_on_unknown_license", where)
        p = replace(p, fail_on_unknown_license=value)
    if "label_prefix" in normalised:
        p = replace(p, label_prefix=check_label_prefix(normalised["label_prefix"], where))
    if "comment" in normalised:
        p = replace(p, comment=check_comment_mode(normalised["comment"], where))
    if "allowed_licenses" in normalised:
        p = replace(p, allowed_licenses=_str_list(normalised["allowed_licenses"], "allowed_licenses", where))
    if "ignore" in normalised:
        p = replace(p, ignore=_str_list(normalised["ignore"], "ignore", where))
    if "overrides" in normalised:
        p = replace(p, overrides=_overrides(normalised["overrides"], where))
    return p


# GitHub refuses a label name longer than 50 characters (422): a prefix must leave room for
# the longest tier name.
MAX_LABEL = 50


def check_label_prefix(value: Any, where: str) -> str:
    if not isinstance(value, str):
        raise OpenwashError(f"{where}: 'label_prefix' must be a string")
    room = MAX_LABEL - max(len(t) for t in ALL_TIERS)
    if len(value) > room:
        raise OpenwashError(
            f"{where}: 'label_prefix' is {len(value)} characters; at most {room} fit in a GitHub label "
            f"({MAX_LABEL} characters with the tier)"
        )
    if any(ch < " " or ch == "\x7f" for ch in value):
        raise OpenwashError(f"{where}: 'label_prefix' holds a control character")
    return value


def check_comment_mode(value: Any, where: str) -> str:
    if value not in COMMENT_MODES:
        raise OpenwashError(f"{where}: comment must be one of {', '.join(COMMENT_MODES)}, not {value!r}")
    return str(value)


def _overrides(value: Any, where: str) -> tuple[Override, ...]:
    if not isinstance(value, list):
        raise OpenwashError(f"{where}: 'overrides' must be a list")
    out = []
    for i, item in enumerate(value):
        if not isinstance(item, dict):
            raise OpenwashError(f"{where}: overrides[{i}] must be a mapping")
        extra = set(item) - {"rule", "clause", "path", "justification"}
        if extra:
            raise OpenwashError(f"{where}: overrides[{i}] has unknown key '{sorted(extra)[0]}'")
        justification = item.get("justification")
        if not isinstance(justification, str) or not justification.strip():
            raise OpenwashError(f"{where}: overrides[{i}] needs a written 'justification'")
        if not any(item.get(k) is not None for k in ("rule", "clause", "path")):
            raise OpenwashError(f"{where}: overrides[{i}] must name a rule, clause or path")
        clause = item.get("clause")
        if clause is not None and (not isinstance(clause, int) or not 1 <= clause <= 10):
            raise OpenwashError(f"{where}: overrides[{i}].clause must be an OSD clause number 1-10")
        out.append(Override(justification.strip(), item.get("rule"), clause, item.get("path")))
    return tuple(out)


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
                check_label_prefix(value, "input label-prefix")
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
