"""One row per repository: what its scan found, or why there was no scan.

A row is the same whichever backend scanned it (a thread here or a Dask worker elsewhere):
`survey_one` is the only place a scan becomes a row.
"""

from __future__ import annotations

import os
import time
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from openwash.licenses.expression import licence_ids as expression_ids
from openwash.report import KINDS

if TYPE_CHECKING:
    from openwash.policy import Policy
    from openwash.report import Report
    from openwash.survey.targets import Item

# The finding kinds a row counts one by one (a column each in the Parquet dataset), in the
# vocabulary's order; any other kind is counted under "other".
FINDING_KINDS = KINDS
OTHER_KIND = "other"


@dataclass
class Row:
    """One repository of the survey."""

    line: int
    target: str
    tier: str | None = None
    licence: str | None = None
    violated: list[int] = field(default_factory=list)
    mof_class: str | None = None
    revision: str | None = None
    error: str | None = None
    seconds: float = 0.0
    weights_licenses: list[str] = field(default_factory=list)
    findings: dict[str, int] = field(default_factory=dict)  # kind -> count, kinds found only
    violations: int = 0
    card_license: str | None = None
    license_text: bool | None = None
    base_model: str | None = None
    surveyed_at: float = 0.0  # seconds since the epoch

    def to_dict(self) -> dict[str, Any]:
        return {
            "model": self.target,
            "line": self.line,
            "tier": self.tier,
            "license": self.licence,
            "violated_clauses": self.violated,
            "mof_class": self.mof_class,
            "revision": self.revision,
            "error": self.error,
            "seconds": round(self.seconds, 3),
        }


def scan_target(target: str, config: Policy | None, offline: bool) -> Report:
    """The report `openwash scan TARGET` would give (its policy included), without printing it.
    `config` is the survey's --config for every repository; None: a folder's own .openwash.yml."""
    from openwash import engine, policy
    from openwash.errors import OpenwashError
    from openwash.sources import remote

    base = policy.CLI_DEFAULTS
    if remote.is_remote(target):
        source = remote.open_source(target, offline=offline)
        # The remote repository's own .openwash.yml is never applied (a publisher must not grade its own model).
        pol = config or base
        source.ignore = pol.ignore
        return engine.scan(target, pol, source=source)
    if not os.path.isdir(target):
        what = (
            "not a directory"
            if os.path.exists(target)
            else "no such folder (a relative one is read from the list file's folder)"
        )
        raise OpenwashError(f"{target}: {what}")
    return engine.scan(target, config or policy.load_policy(target, base))


def licence_of(report: Report) -> str:
    """The weights' terms for a model; otherwise the licences found, as the scan names them."""
    weights = report.components.get("weights")
    if report.model_found and weights is not None and weights.license:
        return weights.license
    ids = list(dict.fromkeys(lic.id for lic in report.licenses))
    return " AND ".join(ids) if ids else "none"


def licence_ids(expression: str) -> list[str]:
    """The ids of a licence expression ('none' has none)."""
    ids = expression_ids(expression)
    return [expression] if ids is None else ids


def _has_licence_text(report: Report) -> bool:
    """A licence file in the repository (a use policy is not one), as the missing-license-text
    finding judges it."""
    from openwash.assess.terms import is_policy  # that finding's own test, so both agree

    return any(
        lic.path is not None and lic.source == "text" and not is_policy(lic) for lic in report.licenses
    )


def fill(row: Row, report: Report) -> None:
    row.tier = report.tier
    row.licence = licence_of(report)
    row.weights_licenses = licence_ids(row.licence)
    row.violated = report.violated_clauses()
    row.violations = len(report.violations)
    row.mof_class = report.mof_class
    row.revision = report.revision
    counts: dict[str, int] = {}
    for f in report.findings:
        kind = f.kind if f.kind in FINDING_KINDS else OTHER_KIND
        counts[kind] = counts.get(kind, 0) + 1
    row.findings = counts
    row.card_license = report.details.card_license if report.details else None
    row.license_text = _has_licence_text(report)
    row.base_model = report.base_model


def survey_one(item: Item, config: Policy | None, offline: bool) -> Row:
    """Scan one repository; a failure is a row with its reason, never an exception."""
    from openwash.errors import OpenwashError

    start = time.monotonic()
    row = Row(item.line, item.target, revision=item.revision)
    try:
        report = scan_target(item.scan, config, offline)
    except OpenwashError as exc:
        # The row names the repository already: its reason need not repeat it.
        row.error = exc.message.removeprefix(f"{item.scan}: ").removeprefix(f"{item.target}: ")
    except Exception as exc:  # a bug on one repository must not end the survey of the others
        row.error = f"internal error: {type(exc).__name__}: {' '.join(str(exc).split())}"
    else:
        fill(row, report)
    row.seconds = time.monotonic() - start
    row.surveyed_at = time.time()
    return row
