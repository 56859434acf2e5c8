"""`--format mof`: the evidence as a Model Openness Tool (MOT) model YAML, ready to submit there.

The file validates against MOT's published schema (`data/mof/mof_schema.json`), and `openwash mof`
on it gives the scan's own MOF class: it lists exactly the components `assess.mof_map` derived
from the evidence, each with the licence the scan resolved for it ("unlicensed" for none, as MOT
spells it), so MOT's own licence fallbacks never come into play.

`bom_view()` is the report as the AI-BOM renderers (spdx, spdx3, cyclonedx) see it, read from the
Report's scan details (MOF components, datasets, the card's task, licence texts).
"""

from __future__ import annotations

import datetime
import os
import re
from dataclasses import dataclass
from typing import Any

from openwash.report import (
    MOT_UNLICENSED,
    UNKNOWN_LICENCE,
    Dataset,
    LicenseInfo,
    Report,
    ScanDetails,
    label_name,
    unidentified_ref,
)

FRAMEWORK = {"name": "Model Openness Framework", "version": "1.0", "date": "2024-12-15"}
# Hugging Face pipeline tags -> MOT's model types (its schema's enum).
_TYPES = (
    ("text-to-image", "image"),
    ("image-to-text", "multimodal"),
    ("text-to-video", "video"),
    ("image", "vision"),
    ("object-detection", "vision"),
    ("depth", "vision"),
    ("audio", "audio"),
    ("speech", "audio"),
    ("code", "code"),
    ("text", "language"),
    ("translation", "language"),
    ("summarization", "language"),
    ("question-answering", "language"),
    ("fill-mask", "language"),
    ("token-classification", "language"),
)


def model_yaml(report: Report, details: ScanDetails) -> dict[str, Any]:
    """The MOT model document (framework / release) as plain data."""
    weights = report.components["weights"]
    code = report.components["code"]
    release: dict[str, Any] = {
        "name": details.name or label_name(report.root),
        "version": report.revision or "",
        "date": _today(),
    }
    kind = _model_type(details.task)
    if kind:
        release["type"] = kind
    if report.base_model:
        release["origin"] = report.base_model
    # MOT requires a producer; a repository states none in a way we can read reliably.
    release["producer"] = "unknown (fill in before submitting)"
    licences: dict[str, dict[str, str]] = {}
    text_paths = {lic.id: lic.path for lic in report.licenses if lic.path and lic.source == "text"}
    for key, comp in (("distribution", weights), ("code", code)):
        if comp.license:
            licences[key] = {"name": comp.license}
            if text_paths.get(comp.license):
                licences[key]["path"] = str(text_paths[comp.license])
    release["license"] = licences
    components = []
    for c in details.mof_components:
        entry: dict[str, str] = {"name": c.name}
        entry["description"] = f"openwash evidence: {c.evidence}" if c.evidence else "found by openwash"
        # Every component carries its own licence, so MOT's global fallbacks never apply.
        entry["license"] = c.license if c.license else MOT_UNLICENSED
        if c.license and text_paths.get(c.license):
            entry["license_path"] = str(text_paths[c.license])
        if c.path:
            entry["component_path"] = c.path
        components.append(entry)
    release["components"] = components
    return {"framework": dict(FRAMEWORK), "release": release}


def _model_type(task: str | None) -> str | None:
    if not task:
        return None
    t = task.lower()
    return next((kind for needle, kind in _TYPES if needle in t), "other")


def _today() -> str:
    # SOURCE_DATE_EPOCH: reproducible output for builds and documentation examples.
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    if epoch and epoch.isdigit():
        return datetime.datetime.fromtimestamp(int(epoch), datetime.UTC).date().isoformat()
    return datetime.date.today().isoformat()


def render(report: Report) -> str:
    import yaml

    from openwash.errors import OpenwashError

    details = report.details
    if details is None:
        raise OpenwashError(f"{report.root}: --format mof needs the scanned repository on disk")
    data = model_yaml(report, details)
    name = " ".join(str(data["release"]["name"]).split())  # one line: it goes into a comment
    head = (
        f"# Model Openness Tool model file of {name}, written by openwash {report.tool_version}.\n"
        f"# openness tier: {report.tier}; MOF class by MOT's rules: {report.mof_class or 'none'}.\n"
        "# Check the producer, dates and descriptions before submitting it to the Model Openness Tool.\n"
    )
    body: str = yaml.safe_dump(data, sort_keys=False, allow_unicode=True, width=100)
    return head + body


# Shared by the AI-BOM renderers (spdx, spdx3, cyclonedx) -------------------------------------------

NOASSERTION = "NOASSERTION"
_REF_CHARS = re.compile(r"[^A-Za-z0-9.-]+")


@dataclass(frozen=True)
class RefLicence:
    """A LicenseRef- id the BOM uses, with what is known of it (for SPDX extracted licensing info)."""

    id: str
    name: str
    text: str  # the licence text when the repository carries it, else where it is described


@dataclass(frozen=True)
class BomView:
    """The report and its details as an AI-BOM sees them: one model, its code, its training data."""

    name: str
    created: datetime.datetime
    uid: str  # a UUID for document names and ids, stable for the same scan and time
    declared: tuple[str, ...]  # licence ids the repository's own files declare for the model
    concluded: tuple[str, ...]  # licence ids that govern the weights, as openwash concludes
    code: tuple[str, ...]  # licence ids of the code
    datasets: tuple[Dataset, ...]
    refs: dict[str, RefLicence]
    details: ScanDetails | None
    statements: tuple[str, ...]  # the tier first, then every finding: annotations in the BOM

    @property
    def task(self) -> str | None:
        return self.details.task if self.details else None

    def dataset_licence(self, d: Dataset) -> str | None:
        return _ref_id(d.license) if d.license else None


def bom_view(report: Report, fmt: str) -> BomView:
    details = report.details
    texts = details.license_texts if details else {}
    refs: dict[str, RefLicence] = {}
    # SPDX has no id for "unidentified": each such licence file gets a LicenseRef of its own.
    unknown_refs: dict[str, list[str]] = {}  # component -> LicenseRef ids standing for "unknown"
    own_id: dict[LicenseInfo, str] = {}
    for lic in report.licenses:
        if lic.id == UNKNOWN_LICENCE:
            ref = unidentified_ref(lic.path)
            refs[ref] = RefLicence(ref, f"Unidentified licence in {lic.path}", _text(texts, lic.path))
            own_id[lic] = ref
            for component in lic.governs:
                unknown_refs.setdefault(component, []).append(ref)
            continue
        own_id[lic] = lic.id
        if lic.id.startswith("LicenseRef-") and lic.id not in refs:
            where = f"of the base model {lic.inherited_from}" if lic.inherited_from else ""
            refs[lic.id] = RefLicence(lic.id, lic.name, _text(texts, lic.path, where))

    def ids(expression: str | None, component: str) -> tuple[str, ...]:
        from license_expression import ExpressionError, Licensing

        try:
            parts = Licensing().license_keys(expression) if expression else []
        except ExpressionError:  # an id the parser does not take: one licence, as the scan named it
            parts = [expression]
        out: list[str] = []
        for part in parts:
            out += unknown_refs.get(component, []) if part == UNKNOWN_LICENCE else [part]
        return tuple(dict.fromkeys(out))

    declared = [
        own_id[lic] for lic in report.licenses if "weights" in lic.governs and lic.source in ("text", "card")
    ]
    if details and details.card_license:
        declared.append(details.card_license)
    datasets = details.datasets if details else ()
    for d in datasets:
        if d.license and d.license.startswith("LicenseRef-") and d.license not in refs:
            refs[d.license] = RefLicence(d.license, f"Terms of {d.id}", f"The terms of the dataset {d.id}.")
    created = _created()
    import uuid

    # Stable for one repository, revision and time (reproducible with SOURCE_DATE_EPOCH), distinct otherwise.
    where = os.path.realpath(report.root) if os.path.isdir(report.root) else report.root
    uid = str(uuid.uuid5(uuid.NAMESPACE_URL, f"openwash:{fmt}:{where}:{report.revision}:{created}"))
    return BomView(
        name=details.name if details else label_name(report.root),
        created=created,
        uid=uid,
        declared=tuple(dict.fromkeys(declared)),
        concluded=ids(report.components["weights"].license, "weights"),
        code=ids(report.components["code"].license, "code"),
        datasets=tuple(datasets),
        refs=refs,
        details=details,
        statements=tuple(statements(report)),
    )


def _ref_id(license_id: str) -> str:
    return (
        license_id
        if not license_id.startswith("LicenseRef-")
        else "LicenseRef-" + _REF_CHARS.sub("-", license_id.removeprefix("LicenseRef-"))
    )


def _text(texts: dict[str, str], path: str | None, where: str = "") -> str:
    if path and path in texts:
        return texts[path]
    if path:
        return f"The licence text in {path} of the scanned repository."
    return f"The licence {where}; its text is not in the scanned repository.".replace("licence ;", "licence;")


def _created() -> datetime.datetime:
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    if epoch and epoch.isdigit():
        return datetime.datetime.fromtimestamp(int(epoch), datetime.UTC)
    return datetime.datetime.now(datetime.UTC).replace(microsecond=0)


def statements(report: Report) -> list[str]:
    """The tier and each finding, one plain sentence each, quoting the evidence as the report does."""
    clauses = report.violated_clauses()
    head = (
        f"openwash {report.tool_version}: openness tier {report.tier}"
        f"; Model Openness Framework class {report.mof_class or 'none'}"
        f"; {len(report.violations)} OSD violation(s)"
        + (f" (clauses {', '.join(map(str, clauses))})" if clauses else "")
        + f"; {len(report.findings) - len(report.violations)} concern(s)."
    )
    out = [head]
    for f in report.findings:
        where = f.path or label_name(report.root)
        if f.line_start:
            where += f":{f.line_start}" + (
                f"-{f.line_end}" if f.line_end and f.line_end != f.line_start else ""
            )
        clause = f" (OSD clause {f.clause})" if f.clause is not None else ""
        quote = " ".join(f.quote.split())
        quote = quote if len(quote) <= 300 else quote[:297] + "..."
        out.append(f'{f.severity}: {f.kind}{clause} at {where}: "{quote}" - {f.explanation}')
    return out
