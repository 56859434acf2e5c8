"""Open weights without the training code or data information (OSD 2, the OSI Open Source AI
Definition): not the preferred form for making modifications."""

from __future__ import annotations

from openwash.assess.checks.context import Context
from openwash.assess.checks.wording import finding
from openwash.assess.components import has_training_code
from openwash.report import Finding


def check(ctx: Context) -> list[Finding]:
    if not ctx.facts.model_found or ctx.rating != "open-weight":
        return []
    missing = []
    if not has_training_code(ctx.facts):
        missing.append("training code")
    if not ctx.table["data_information"].present:
        missing.append("data information")
    if not missing:
        missing.append("training code under OSD-compliant terms")
    ev = ctx.ev
    if ev.weights:
        path, line = ev.weights[0].path, None
        quote = ev.weights[0].path + (" (Git LFS pointer)" if ev.weights[0].lfs_size else "")
    elif ev.weight_links:
        path, line, quote = ev.weight_links[0].path, ev.weight_links[0].line, ev.weight_links[0].text
    else:
        path, line, quote = None, None, ""
    return [finding("preferred-form-missing", path, line, quote[:300], missing=" and ".join(missing))]
