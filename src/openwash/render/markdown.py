"""GitHub Markdown: the PR comment and the job summary.

Everything that comes from the scanned repository (quotes, paths, licence names, evidence) goes
through `inline()` or `_blockquote()`: a pull request must not be able to inject HTML, ping
people, cross-reference issues, plant our hidden marker or break the tables of the comment.
Long reports are cut to a size limit by dropping the least important findings first.
"""

from __future__ import annotations

import os
import re
from collections.abc import Callable, Sequence
from urllib.parse import quote

from openwash.report import (
    ALL_TIERS,
    COMPONENT_NAMES,
    KIND_INHERITED,
    KIND_OSD,
    Finding,
    Report,
    component_title,
    kind_title,
    osd,
    tier_icon,
    tier_rank,
)

SUMMARY_LIMIT_BYTES = 1024 * 1024  # $GITHUB_STEP_SUMMARY: 1 MiB per step
_ZWSP = "\u200b"
_MAX_QUOTE_CHARS = 700
_MAX_QUOTE_LINES = 12
_MAX_EVIDENCE = 5
_MAX_MODEL_ROWS = 15
_MAX_LICENSE_ROWS = 40
# Files that hold several licences, and licences of one, listed in a comment.
_MAX_SECTIONED_FILES = 5
_MAX_SECTION_ROWS = 12
_MORE_FINDINGS = "… {n} more finding{s} (see {where})"


def clause_titles() -> dict[int, str]:
    """OSD clause titles (data/osd.yaml)."""
    return {n: c.title for n, c in osd.clauses().items()}


# ---- escaping ---------------------------------------------------------------------------------

# Trojan-source style direction overrides and other invisible format characters could make
# the comment say something else than its text; control characters have no business there.
_INVISIBLE = re.compile(r"[\x00-\x08\x0b-\x1f\x7f\u200e\u200f\u202a-\u202e\u2066-\u2069\ufeff]")
_MD_PUNCT = re.compile(r"([`*_\[\]|~$])")
_ISSUE_REF = re.compile(r"#(?=\d)")
_GH_REF = re.compile(r"\b(GH)-(?=\d)", re.IGNORECASE)
_LINE_START = re.compile(r"^(\s*)([#+=-]|\d+(?=[.)]))")


def _escape_core(text: str) -> str:
    text = text.replace("\\", "\\\\")
    text = text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    text = _MD_PUNCT.sub(r"\\\1", text)
    # A zero-width space keeps @name from pinging and #123 / GH-123 from cross-referencing.
    text = text.replace("@", "@" + _ZWSP)
    text = _ISSUE_REF.sub("#" + _ZWSP, text)
    return _GH_REF.sub(lambda m: m.group(1) + "-" + _ZWSP, text)


def inline(text: str, limit: int | None = None) -> str:
    """Repository text made safe for a paragraph, link text or table cell: one line, no markup."""
    text = " ".join(_INVISIBLE.sub(" ", text).split())
    if limit is not None and len(text) > limit:
        text = text[: limit - 1].rstrip() + "…"
    return _escape_core(text)


def _blockquote(text: str) -> list[str]:
    """Repository text as a blockquote: line structure kept, nothing inside can become markup."""
    text = _INVISIBLE.sub(" ", text.replace("\r\n", "\n").replace("\r", "\n"))
    clipped = len(text) > _MAX_QUOTE_CHARS
    if clipped:
        text = text[: _MAX_QUOTE_CHARS - 1].rstrip()
    lines = [" ".join(line.split()) for line in text.split("\n")]
    while lines and not lines[-1]:
        lines.pop()
    while lines and not lines[0]:
        lines.pop(0)
    if len(lines) > _MAX_QUOTE_LINES:
        lines, clipped = lines[:_MAX_QUOTE_LINES], True
    if clipped and lines:
        lines[-1] += "…"
    out = []
    for line in lines:
        escaped = _escape_core(line)
        # A quoted line must not become a heading, list item, setext underline or numbered item.
        escaped = _LINE_START.sub(lambda m: m.group(1) + "\\" + m.group(2), escaped)
        out.append("> " + escaped if escaped else ">")
    return out or ["> (empty)"]


def _code(text: str) -> str:
    """Our own identifiers (tiers, licence ids) in a code span; anything odd falls back to inline."""
    if re.fullmatch(r"[A-Za-z0-9.+:()_-]+", text):
        return f"`{text}`"
    return inline(text)


def _safe_link_base(link_base: str | None) -> str | None:
    if not link_base or not re.match(r"https?://", link_base):
        return None
    return quote(link_base.rstrip("/"), safe=":/%@=&?~+,;!*'")


def _linkable(path: str) -> bool:
    return not path.startswith("release:") and "://" not in path and not path.startswith("/")


def location(f: Finding, link_base: str | None) -> str:
    """`path:L10-L12`, linked to those lines at the scanned revision when we know where that is."""
    if not f.path:
        return ""
    anchor = ""
    if f.line_start is not None:
        anchor = f"L{f.line_start}"
        if f.line_end is not None and f.line_end != f.line_start:
            anchor += f"-L{f.line_end}"
    text = inline(f.path + (":" + anchor if anchor else ""), limit=200)
    base = _safe_link_base(link_base)
    if base is None or not _linkable(f.path):
        return text
    url = f"{base}/{quote(f.path, safe='/')}" + (f"#{anchor}" if anchor else "")
    return f"[{text}]({url})"


# ---- the change against the base ---------------------------------------------------------------


_Key = tuple[str, int | None, str, str, str]


def _finding_key(f: Finding) -> _Key:
    # Line numbers move when unrelated lines change; the quote says what the finding is about.
    return (f.kind, f.clause, f.severity, f.rule, " ".join(f.quote.split()).lower())


def new_findings(report: Report, previous: Report | None) -> set[_Key]:
    """Keys of the findings that the base branch does not have."""
    if previous is None:
        return set()
    before = {_finding_key(f) for f in previous.findings}
    return {_finding_key(f) for f in report.findings} - before


def _clause_list(clauses: Sequence[int], titles: dict[int, str]) -> str:
    parts = [f"OSD {c} ({titles.get(c, '')})" if titles.get(c) else f"OSD {c}" for c in clauses]
    if len(parts) <= 1:
        return "".join(parts)
    return ", ".join(parts[:-1]) + " and " + parts[-1]


def _rank(tier: str) -> int | None:
    try:
        return tier_rank(tier)
    except KeyError:
        return None


def change_reasons(report: Report, previous: Report) -> list[str]:
    """Plain-language reasons why the tier moved between `previous` (the base) and `report`."""
    titles = clause_titles()
    reasons: list[str] = []
    before = {_finding_key(f) for f in previous.findings}
    after = {_finding_key(f) for f in report.findings}
    added = sorted({f.clause for f in report.violations if f.clause and _finding_key(f) not in before})
    removed = sorted({f.clause for f in previous.violations if f.clause and _finding_key(f) not in after})
    if added:
        reasons.append(f"it adds terms that fail {_clause_list(added, titles)}")
    if removed:
        reasons.append(f"it removes the terms that failed {_clause_list(removed, titles)}")
    for name in COMPONENT_NAMES:
        old, new = previous.components.get(name), report.components.get(name)
        was, now = bool(old and old.present), bool(new and new.present)
        what = component_title(name).lower()
        if was and not now:
            reasons.append(
                f"the {what} is no longer found" if name != "weights" else "the weights are no longer found"
            )
        elif now and not was:
            reasons.append(f"it adds {what}" if name != "weights" else "it publishes weights")
    old_w, new_w = previous.components.get("weights"), report.components.get("weights")
    old_lic = old_w.license if old_w else None
    new_lic = new_w.license if new_w else None
    if old_w and new_w and old_w.present and new_w.present and old_lic != new_lic:
        reasons.append(
            f"the weights' licence changes from {_code(old_lic or 'none')} to {_code(new_lic or 'none')}"
        )
    return reasons


def change_sentence(report: Report, previous: Report | None) -> str | None:
    """'This PR lowers openness from X to Y because ...', or None without a base to compare."""
    if previous is None:
        return None
    if previous.tier == report.tier:
        n_new = len(new_findings(report, previous))
        n_gone = len(
            {_finding_key(f) for f in previous.findings} - {_finding_key(f) for f in report.findings}
        )
        extra = ""
        if n_new or n_gone:
            extra = f" This PR adds {n_new} and resolves {n_gone} finding{'s' if n_gone != 1 else ''}."
        return f"Openness is unchanged against the base branch ({_code(report.tier)}).{extra}"
    old, new = _rank(previous.tier), _rank(report.tier)
    if old is None or new is None or old == new:
        # e.g. open-source (no model) against open-source-ai: same rank, different kind of rating
        return f"This PR changes the rating from {_code(previous.tier)} to {_code(report.tier)}."
    verb = "lowers" if new < old else "raises"
    reasons = change_reasons(report, previous)
    if not reasons:
        because = " (see the findings below)"
    elif len(reasons) == 1:
        because = " because " + reasons[0]
    elif len(reasons) == 2:
        because = " because " + reasons[0] + ", and " + reasons[1]
    else:
        because = " because " + "; ".join(reasons[:-1]) + "; and " + reasons[-1]
    return f"**This PR {verb} openness from {_code(previous.tier)} to {_code(report.tier)}**{because}."


# ---- sections --------------------------------------------------------------------------------


def _yes_no(value: bool | None, yes: str = "✅ yes", no: str = "❌ no", unknown: str = "❔ unknown") -> str:
    return unknown if value is None else (yes if value else no)


def _licences(report: Report) -> list[str]:
    out = ["### Licences", ""]
    if not report.licenses:
        return [*out, "No licence found.", ""]
    out += [
        "| File | Licence | Score | OSI approved | OSD compliant | Governs |",
        "|---|---|---|---|---|---|",
    ]
    for lic in report.licenses[:_MAX_LICENSE_ROWS]:
        if lic.path:
            where = inline(lic.path, 120)
        elif lic.inherited_from:
            where = "inherited from " + inline(lic.inherited_from, 120)
        else:
            where = "declared in the " + inline(lic.source, 40)
        name = inline(lic.name, 120)
        ident = _code(lic.id) if lic.id else ""
        what = f"{name} ({ident})" if ident and lic.name != lic.id else (ident or name)
        if lic.modified:
            what += " — **modified**"
        governs = inline(", ".join(lic.governs)) if lic.governs else ""
        out.append(
            f"| {where} | {what} | {lic.score:.2f} | {_yes_no(lic.osi_approved)} | "
            f"{_yes_no(lic.osd_compliant, yes='✅ yes', no='❌ fails')} | {governs} |"
        )
    if len(report.licenses) > _MAX_LICENSE_ROWS:
        out += ["", f"… {len(report.licenses) - _MAX_LICENSE_ROWS} more licences (see the report JSON)"]
    for lic in [lic for lic in report.licenses if lic.sections][:_MAX_SECTIONED_FILES]:
        listed = ", ".join(
            f"{_code(sec.id)} (lines {sec.line_start}–{sec.line_end}{', modified' if sec.modified else ''})"
            for sec in lic.sections[:_MAX_SECTION_ROWS]
        )
        more = (
            f", and {len(lic.sections) - _MAX_SECTION_ROWS} more"
            if len(lic.sections) > _MAX_SECTION_ROWS
            else ""
        )
        out += [
            "",
            f"**{inline(lic.path or lic.name, 120)}** holds {len(lic.sections)} licences: {listed}{more}.",
        ]
    modified = [lic for lic in report.licenses if lic.modified and (lic.added_text or lic.removed_text)]
    for lic in modified[:5]:
        out += ["", f"**{inline(lic.path or lic.name, 120)}** differs from {_code(lic.id)}:"]
        out += [f"- added: {inline(t, 300)}" for t in lic.added_text[:3]]
        out += [f"- removed: {inline(t, 300)}" for t in lic.removed_text[:3]]
    return [*out, ""]


def _models(report: Report) -> list[str]:
    """Several models: each with its terms, the least open first (it decides the tier)."""
    if len(report.models) < 2:
        return []
    ranked = report.models_least_open_first
    out = [
        "### Models",
        "",
        f"{len(report.models)} models, each under the terms that govern it; the least open one decides the tier.",
        "",
        "| Model | Terms | OSD compliant | Named in |",
        "|---|---|---|---|",
    ]
    for m in ranked[:_MAX_MODEL_ROWS]:
        terms = ", ".join(_code(i) for i in m.licenses[:4]) or "none found"
        if m.note:
            terms += f" ({inline(m.note, 80)})"
        where = inline(f"{m.path}:{m.line}" if m.path and m.line else (m.path or ""), 120)
        out.append(
            f"| {inline(m.name, 100)} | {terms} | {_yes_no(m.osd_compliant, yes='✅ yes', no='❌ fails')} | {where} |"
        )
    if len(ranked) > _MAX_MODEL_ROWS:
        out += ["", f"… {len(ranked) - _MAX_MODEL_ROWS} more models (see the report JSON)"]
    return [*out, ""]


def _components(report: Report) -> list[str]:
    out = ["### Components", "", "| Component | Present | Evidence | Licence |", "|---|---|---|---|"]
    for name in COMPONENT_NAMES:
        c = report.components.get(name)
        if c is None:
            continue
        evidence = ", ".join(inline(e, 120) for e in c.evidence[:_MAX_EVIDENCE])
        if len(c.evidence) > _MAX_EVIDENCE:
            evidence += f", +{len(c.evidence) - _MAX_EVIDENCE} more"
        lic = _code(c.license) if c.license else ""
        if c.license and c.osd_compliant is False:
            lic += " (fails the OSD)"
        out.append(f"| {component_title(name)} | {_yes_no(c.present)} | {evidence} | {lic} |")
    return [*out, ""]


def _finding_block(f: Finding, link_base: str | None, is_new: bool) -> list[str]:
    icon = "🔴" if f.severity == "violation" else "🟡"
    head = f"{icon} **{f.severity}**"
    where = location(f, link_base)
    if where:
        head += f" · {where}"
    if f.kind != KIND_OSD and f.clause is not None:
        head += f" · {kind_title(f.kind) or inline(f.kind)}"
    if is_new:
        head += " · 🆕 new in this PR"
    out = [head, ""]
    if f.quote.strip():
        out += [*_blockquote(f.quote), ""]
    out += [inline(f.explanation), ""]
    return out


def _inherited_groups(findings: Sequence[Finding]) -> list[list[Finding]]:
    """Inherited findings quoting one line (one base model's licence), when there are several:
    the comment shows the quote once and lists the clauses under it."""
    by_line: dict[tuple[str | None, int | None, str], list[Finding]] = {}
    for f in findings:
        if f.kind == KIND_INHERITED:
            by_line.setdefault((f.path, f.line_start, f.quote), []).append(f)
    return [sorted(g, key=Finding.sort_key) for g in by_line.values() if len(g) > 1]


def _inherited_block(
    group: Sequence[Finding], link_base: str | None, new: set[_Key], titles: dict[int, str]
) -> list[str]:
    first = group[0]
    worst = "violation" if any(f.severity == "violation" for f in group) else "concern"
    head = f"{'🔴' if worst == 'violation' else '🟡'} **{worst}**"
    where = location(first, link_base)
    if where:
        head += f" · {where}"
    head += " · OSD " + ", ".join(str(f.clause) for f in group if f.clause is not None)
    if any(_finding_key(f) in new for f in group):
        head += " · 🆕 new in this PR"
    out = [head, ""]
    if first.quote.strip():
        out += [*_blockquote(first.quote), ""]
    # "Inherited from the base model X (its licence): why" once, then each clause's why.
    lead = os.path.commonprefix([f.explanation for f in group])  # noqa: RUF071 (texts, not paths)
    lead = lead[: lead.rfind(": ") + 1] if ": " in lead else ""
    if lead:
        out += [inline(lead), ""]
    for f in group:
        name = f"OSD {f.clause} ({titles.get(f.clause, '')})" if f.clause is not None else inline(f.kind)
        mark = "" if f.severity == worst else f" ({f.severity})"
        out.append(f"- **{name}**{mark}: {inline(f.explanation[len(lead) :].strip())}")
    return [*out, ""]


def _findings(
    report: Report, kept: Sequence[Finding], omitted: int, link_base: str | None, new: set[_Key], where: str
) -> list[str]:
    out = ["### Findings", ""]
    if not report.findings:
        return [*out, "No findings: nothing in the terms fails the Open Source Definition.", ""]
    titles = clause_titles()
    inherited = _inherited_groups(kept)
    grouped = {id(f) for g in inherited for f in g}
    groups: dict[int | str, list[Finding]] = {}
    for f in kept:
        if id(f) not in grouped:
            groups.setdefault(f.clause if f.clause is not None else f.kind, []).append(f)
    clause_keys = sorted(k for k in groups if isinstance(k, int))
    other_keys = sorted(set(groups) - set(clause_keys) | ({KIND_INHERITED} if inherited else set()))
    headings: list[tuple[int | str, str]] = [
        (n, f"#### OSD {n}: {titles.get(n, f'clause {n}')}") for n in clause_keys
    ] + [(k, f"#### {kind_title(str(k)) or inline(str(k))}") for k in other_keys]
    for key, heading in headings:
        out += [heading, ""]
        if key == KIND_INHERITED:
            for g in inherited:
                out += _inherited_block(g, link_base, new, titles)
        for f in sorted(groups.get(key, []), key=Finding.sort_key):
            out += _finding_block(f, link_base, _finding_key(f) in new)
    if omitted:
        out += [_MORE_FINDINGS.format(n=omitted, s="" if omitted == 1 else "s", where=where), ""]
    return out


def _mof(report: Report) -> list[str]:
    out = ["### Model Openness Framework", ""]
    if report.mof is None:
        return [*out, "Not assessed.", ""]
    name = {1: "Class I", 2: "Class II", 3: "Class III"}.get(report.mof.mof_class, "none")
    line = f"Class: **{name}** ({inline(report.mof.label)})."
    progress = report.mof.progress
    if progress:
        parts = []
        for key, label in (("3", "Class III"), ("2", "Class II"), ("1", "Class I")):
            value = progress.get(key)
            if isinstance(value, int | float):
                parts.append(f"{label} {value:.0f}%")
        if parts:
            line += " Progress: " + " · ".join(parts) + "."
    return [*out, line, ""]


def _next_steps(report: Report) -> list[str]:
    if not report.next_steps:
        return []
    out = ["### Next steps", ""]
    out += [f"{i}. {inline(step)}" for i, step in enumerate(report.next_steps, 1)]
    return [*out, ""]


def _notes(report: Report) -> list[str]:
    notes = list(report.warnings)
    notes += [f"Policy override: {o.justification}" for o in report.overrides]
    if not notes:
        return []
    return ["### Notes", "", *[f"- {inline(n, 500)}" for n in notes[:20]], ""]


def _document(
    report: Report,
    previous: Report | None,
    link_base: str | None,
    kept: Sequence[Finding],
    omitted: int,
    where: str,
) -> str:
    tier = report.tier
    icon = tier_icon(tier)
    known = tier in ALL_TIERS
    out = [f"## {icon} Openness tier: {_code(tier) if known else inline(tier)}", ""]
    sentence = change_sentence(report, previous)
    if sentence:
        out += [sentence, ""]
    n_viol = len(report.violations)
    n_conc = len(report.findings) - n_viol
    facts = [
        f"{n_viol} violation{'s' if n_viol != 1 else ''}",
        f"{n_conc} concern{'s' if n_conc != 1 else ''}",
        f"MOF class: {report.mof_class or 'none'}",
    ]
    if not report.model_found:
        facts.append("no model found: rated on the licence alone")
    if report.base_model:
        facts.append(f"base model: {inline(report.base_model, 120)}")
    out += [" · ".join(facts), ""]
    out += _licences(report)
    out += _models(report)
    out += _components(report)
    out += _findings(report, kept, omitted, link_base, new_findings(report, previous), where)
    out += _mof(report)
    out += _next_steps(report)
    out += _notes(report)
    footer = f"openwash {inline(report.tool_version)}" if report.tool_version else "openwash"
    if report.revision:
        footer += f" · scanned {_code(report.revision[:40])}"
    out.append(f"<sub>{footer}</sub>")
    return "\n".join(out) + "\n"


def _fit(
    report: Report,
    previous: Report | None,
    link_base: str | None,
    limit: int,
    measure: Callable[[str], int],
    where: str,
) -> str:
    ordered = sorted(report.findings, key=Finding.sort_key)  # most important first
    link_base = link_base or report.link_base

    def build(keep: int) -> str:
        return _document(report, previous, link_base, ordered[:keep], len(ordered) - keep, where)

    full = build(len(ordered))
    if measure(full) <= limit:
        return full
    # The largest number of findings that fits; the least important (concerns, late clauses) go first.
    lo, hi = 0, len(ordered)
    while lo < hi:
        mid = (lo + hi + 1) // 2
        if measure(build(mid)) <= limit:
            lo = mid
        else:
            hi = mid - 1
    text = build(lo)
    if measure(text) <= limit:
        return text
    # Even without findings it is too long (a huge licence list): cut between blocks, never
    # inside a table or a quote, and say so.
    tail = "\n… the rest of this report is cut for length (see the report JSON)\n"
    blocks = text.split("\n\n")
    kept_blocks: list[str] = []
    for block in blocks:
        candidate = "\n\n".join([*kept_blocks, block])
        if measure(candidate + tail) > limit:
            break
        kept_blocks.append(block)
    return "\n\n".join(kept_blocks) + tail


def render(
    report: Report,
    *,
    previous: Report | None = None,
    link_base: str | None = None,
    max_chars: int = 65_000,
) -> str:
    """The PR comment: at most `max_chars` characters (GitHub refuses bodies over 65,536)."""
    return _fit(report, previous, link_base, max_chars, len, "the job summary / report JSON")


def render_summary(
    report: Report,
    *,
    previous: Report | None = None,
    link_base: str | None = None,
    max_bytes: int = SUMMARY_LIMIT_BYTES - 4096,
) -> str:
    """The job summary: same content, measured in UTF-8 bytes against the 1 MiB step limit."""
    return _fit(report, previous, link_base, max_bytes, lambda s: len(s.encode("utf-8")), "the report JSON")
