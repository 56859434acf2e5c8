"""The JSON report (SPEC section 5), documented by data/report.schema.json."""

from __future__ import annotations

import json

from openwash.report import Report


def render(report: Report) -> str:
    return json.dumps(report.to_dict(), indent=2, ensure_ascii=False) + "\n"
