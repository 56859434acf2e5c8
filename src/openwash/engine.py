"""The scan: repository -> evidence -> licences and clauses -> tier, MOF class, steps -> Report.

The only entry point the CLI, the pre-commit hook and the GitHub Action use. It imports no
PyGithub, requests, huggingface_hub or spdx-tools.
"""

from __future__ import annotations

from dataclasses import replace

from openwash import __version__
from openwash.assess import checks, limits, models, mof_map, steps, tier
from openwash.assess import components as comps
from openwash.assess.details import details_from
from openwash.assess.terms import resolve_terms
from openwash.evidence.collect import Evidence, gather
from openwash.policy import CLI_DEFAULTS, Policy, override_for
from openwash.report import KIND_OSD, Finding, Report
from openwash.sources import RepoSource
from openwash.sources.local import LocalSource

# Clauses whose violation keeps the weights' terms from being OSD-compliant (SPEC section 4).
_TIER_CLAUSES = {1, 3, 5, 6, 7, 8, 9, 10}


def scan(path: str, policy: Policy | None = None, source: RepoSource | None = None) -> Report:
    policy = policy or CLI_DEFAULTS
    src = source or LocalSource(path, ignore=policy.ignore)
    return assess(gather(src), src, policy)


def assess(ev: Evidence, src: RepoSource, policy: Policy) -> Report:
    terms = resolve_terms(ev)
    facts = comps.gather_facts(ev)
    table = comps.components(ev, terms, facts)
    ctx = checks.Context(ev, terms, facts, table)
    findings = list(terms.findings) + checks.run("terms", ctx)
    findings = _apply_overrides(findings, policy)

    weight_paths = {i.path for i in terms.weights_terms if i.path}
    weight_violations = [
        f
        for f in findings
        if f.severity == "violation"
        and f.clause in _TIER_CLAUSES
        and (f.path in weight_paths or f.kind != KIND_OSD)
    ]
    if facts.model_found:
        rating = tier.model_tier(table, facts, weight_violations)
    else:
        rating = tier.licence_only_tier(terms.licenses)
    mof = mof_map.classify(table, facts, terms)
    agreement: list[str] = []
    if rating == "open-science" and mof.mof_class != 1:
        # open-science is MOF Class I territory (SPEC section 4): the weaker reading stands.
        rating = "open-source-ai"
        agreement.append(
            "open-science needs Model Openness Framework Class I evidence; the evidence supports "
            f"{mof.label}, so the tier is open-source-ai."
        )
    findings += checks.run("tier", checks.Context(ev, terms, facts, table, rating))
    findings.sort(key=Finding.sort_key)
    warnings = list(terms.warnings) + agreement
    # Decided on everything above; what the report carries is bounded (assess/limits.py).
    findings, omitted = limits.cap_findings(findings)
    licences, omitted_licences = limits.cap_licenses(terms.licenses)
    model_list, omitted_models = models.listing(ev, terms)
    warnings += [note for note in (omitted, omitted_licences, omitted_models) if note]
    if not facts.model_found:
        warnings.insert(
            0, "No model found (no weights, download links or model card): rated on the licence alone."
        )
    return Report(
        root=src.label,
        tier=rating,
        model_found=facts.model_found,
        licenses=tuple(licences),
        components=table,
        findings=tuple(findings),
        next_steps=tuple(steps.next_steps(rating, table, facts, findings)),
        mof=mof.to_summary(),
        base_model=terms.base_model,
        warnings=tuple(warnings),
        revision=src.revision,
        link_base=src.link_base,
        tool_version=__version__,
        details=details_from(ev, facts, table, terms),
        overrides=policy.overrides,
        models=tuple(model_list),
    )


def _apply_overrides(findings: list[Finding], policy: Policy) -> list[Finding]:
    if not policy.overrides:
        return findings
    out = []
    for f in findings:
        o = override_for(policy, f.rule, f.clause, f.path)
        if o is not None and f.severity == "violation":
            f = replace(
                f, severity="concern", explanation=f"{f.explanation} Accepted by policy: {o.justification}"
            )
        out.append(f)
    return out
