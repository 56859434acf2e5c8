"""Terminal output: colour on a terminal, plain when piped (or with NO_COLOR set)."""

from __future__ import annotations

import textwrap

from openwash.report import (
    COMPONENT_NAMES,
    KIND_INHERITED,
    KIND_OSD,
    Finding,
    Report,
    component_title,
    osd,
    tier_ansi,
)


class _Style:
    def __init__(self, colour: bool) -> None:
        self.colour = colour

    def __call__(self, text: str, code: str) -> str:
        return f"\x1b[{code}m{text}\x1b[0m" if self.colour else text


def _clean(text: str) -> str:
    # Text from the scanned repository must not drive the terminal: drop control characters.
    return "".join(ch if ch == "\n" or ch >= " " else " " for ch in text).replace("\x1b", " ")


_MAX_MODEL_ROWS = 15
_MAX_SECTION_ROWS = 12  # licences listed for one file that holds several


def _where(f: Finding) -> str:
    if f.path is None:
        return ""
    if f.line_start is None:
        return f.path
    if f.line_end and f.line_end != f.line_start:
        return f"{f.path}:{f.line_start}-{f.line_end}"
    return f"{f.path}:{f.line_start}"


def render(report: Report, colour: bool = False) -> str:
    s = _Style(colour)
    out: list[str] = []
    tier_text = s(report.tier, tier_ansi(report.tier))
    out.append(f"{s('openwash', '1')} {_clean(report.root)}: tier {tier_text}")
    if report.revision:
        at = f" ({_clean(report.link_base)})" if report.link_base else ""
        out.append(f"  revision {_clean(report.revision)}{at}")
    for w in report.warnings:
        out.append(f"  note: {_clean(w)}")
    out.append("")
    out.append(s("Licences", "1"))
    if not report.licenses:
        out.append("  none found")
    for lic in report.licenses:
        where = (
            _clean(lic.path)
            if lic.path
            else (
                f"inherited from {_clean(lic.inherited_from)}"
                if lic.inherited_from
                else f"declared in the {lic.source}"
            )
        )
        flags = ["OSI-approved" if lic.osi_approved else "not OSI-approved"]
        if lic.osd_compliant is False:
            flags.append(s("fails the OSD", "31"))
        elif lic.osd_compliant is None:
            flags.append("OSD compliance unknown")
        if lic.modified:
            flags.append(s("modified", "33"))
        governs = f" governs {', '.join(lic.governs)};" if lic.governs else ""
        out.append(
            f"  {where}: {s(lic.id, '1')} ({_clean(lic.name)}), score {lic.score:.2f};{governs} "
            + ", ".join(flags)
        )
        for sec in lic.sections[:_MAX_SECTION_ROWS]:
            mark = ", " + s("modified", "33") if sec.modified else ""
            out.append(
                f"      lines {sec.line_start}-{sec.line_end}: {_clean(sec.id)} ({_clean(sec.name)}){mark}"
            )
        if len(lic.sections) > _MAX_SECTION_ROWS:
            out.append(
                f"      ... {len(lic.sections) - _MAX_SECTION_ROWS} more licences in this file (see --format json)"
            )
        for added in lic.added_text[:3]:
            out.append(f"      + {_clean(added)[:200]}")
        for removed in lic.removed_text[:3]:
            out.append(f"      - {_clean(removed)[:200]}")
    if len(report.models) > 1:
        # Several models: each with its terms, the least open first (it decides the tier).
        out.append("")
        out.append(s("Models", "1") + f" ({len(report.models)}; the least open one decides the tier)")
        ranked = report.models_least_open_first
        for m in ranked[:_MAX_MODEL_ROWS]:
            verdict = {False: s("fails the OSD", "31"), None: "OSD compliance unknown", True: "meets the OSD"}
            note = f" ({_clean(m.note)})" if m.note else ""
            where = f"{m.path}:{m.line}" if m.path and m.line else (m.path or "")
            out.append(
                f"  {_clean(m.name)}: {', '.join(_clean(i) for i in m.licenses) or 'no terms found'}{note}; "
                f"{verdict[m.osd_compliant]}  {_clean(where)}".rstrip()
            )
        if len(ranked) > _MAX_MODEL_ROWS:
            out.append(f"  ... {len(ranked) - _MAX_MODEL_ROWS} more (see --format json)")
    out.append("")
    out.append(s("Components", "1"))
    for key in COMPONENT_NAMES:
        label = component_title(key)
        c = report.components.get(key)
        if c is None:
            continue
        mark = s("yes", "32") if c.present else s("no ", "31")
        detail = ", ".join(_clean(e) for e in c.evidence[:3])
        if len(c.evidence) > 3:
            detail += f", +{len(c.evidence) - 3} more"
        terms = f" [{c.license}]" if c.license else ""
        src = f" (terms: {c.terms_source})" if c.terms_source and key == "weights" and c.present else ""
        out.append(f"  {label:<17} {mark}{terms}{src} {detail}".rstrip())
    out.append("")
    out.append(s("Findings", "1"))
    if not report.findings:
        out.append("  none")
    for f in report.findings:
        sev = s("violation", "31;1") if f.severity == "violation" else s("concern", "33")
        head = osd.title(f.clause) if f.kind in (KIND_OSD, KIND_INHERITED) and f.clause else f.kind
        out.append(f"  {sev}  {head}  {_clean(_where(f))}")
        quote = textwrap.fill(
            _clean(f.quote), width=96, initial_indent="      > ", subsequent_indent="      > "
        )
        if f.quote:
            out.append(quote)
        out.append(
            textwrap.fill(
                _clean(f.explanation), width=96, initial_indent="      ", subsequent_indent="      "
            )
        )
    out.append("")
    mof = report.mof
    mof_text = (report.mof_class and f"Class {report.mof_class}") or "unclassified"
    if mof is not None:
        progress = ", ".join(f"{c}: {mof.progress[c]:.0f}%" for c in ("3", "2", "1"))
        out.append(f"{s('Model Openness Framework', '1')}: {mof_text} ({mof.label}; progress {progress})")
    if report.next_steps:
        out.append("")
        out.append(s("Next steps", "1"))
        for step in report.next_steps:
            out.append(textwrap.fill(step, width=96, initial_indent="  - ", subsequent_indent="    "))
    return "\n".join(out) + "\n"
