"""SARIF 2.1.0: findings as code-scanning alerts on the licence lines."""

from __future__ import annotations

import json
from typing import Any

from openwash import __version__
from openwash.report import Finding, Report, osd

SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json"


def _rule_id(f: Finding) -> str:
    return f.rule or f.kind


def render(report: Report, path_prefix: str = "") -> str:
    """SARIF for `report`; `path_prefix` is the scanned folder's path inside the repository, so
    alerts land on the right files when a sub-folder was scanned."""
    prefix = path_prefix.strip("/") + "/" if path_prefix.strip("/") else ""
    rules: dict[str, dict[str, Any]] = {}
    results = []
    for f in report.findings:
        rid = _rule_id(f)
        if rid not in rules:
            rule: dict[str, Any] = {
                "id": rid,
                "name": rid.replace("-", " "),
                "shortDescription": {"text": osd.title(f.clause) if f.clause else f.kind},
                "fullDescription": {"text": f.explanation},
                "defaultConfiguration": {"level": "error" if f.severity == "violation" else "warning"},
                "properties": {"kind": f.kind, "tags": ["license", "open-source-definition"]},
            }
            if f.clause:
                rule["help"] = {"text": osd.clauses()[f.clause].requires}
            rules[rid] = rule
        result: dict[str, Any] = {
            "ruleId": rid,
            "level": "error" if f.severity == "violation" else "warning",
            "message": {
                "text": f"{osd.title(f.clause) if f.clause else f.kind}: {f.explanation} Quote: {f.quote}"
            },
            "properties": {"clause": f.clause, "severity": f.severity, "kind": f.kind},
        }
        if f.path:
            location: dict[str, Any] = {"artifactLocation": {"uri": prefix + f.path}}
            if f.line_start:
                location["region"] = {"startLine": f.line_start, "endLine": f.line_end or f.line_start}
            result["locations"] = [{"physicalLocation": location}]
        results.append(result)
    doc = {
        "$schema": SCHEMA,
        "version": "2.1.0",
        "runs": [
            {
                "tool": {
                    "driver": {
                        "name": "openwash",
                        "version": __version__,
                        "semanticVersion": __version__,
                        "informationUri": "https://opensource.org/osd",
                        "rules": list(rules.values()),
                    }
                },
                "results": results,
                "properties": {"tier": report.tier, "mof_class": report.mof_class},
            }
        ],
    }
    return json.dumps(doc, indent=2, ensure_ascii=False) + "\n"
