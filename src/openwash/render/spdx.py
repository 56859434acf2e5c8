"""`--format spdx`: an SPDX 2.3 JSON document, built and validated with spdx-tools.

SPDX 2.3 has no AI profile, so the model is a package like any other: its declared licence (what
the repository's licence files say), its concluded licence (what openwash concludes governs the
weights), a package for the code and one per training dataset, and the tier and every finding
as REVIEW annotations on the model. Every LicenseRef- used carries its text (or, when the
repository does not hold it, what it is) in hasExtractedLicensingInfos, as SPDX requires.
"""

from __future__ import annotations

import io
from typing import Any

from openwash.render.mof_yaml import BomView, bom_view
from openwash.report import Report


def document(report: Report) -> Any:
    """The SPDX 2.3 document (spdx_tools.spdx.model.Document) for a report."""
    from spdx_tools.common.spdx_licensing import spdx_licensing
    from spdx_tools.spdx.model.actor import Actor, ActorType
    from spdx_tools.spdx.model.annotation import Annotation, AnnotationType
    from spdx_tools.spdx.model.document import CreationInfo, Document
    from spdx_tools.spdx.model.extracted_licensing_info import ExtractedLicensingInfo
    from spdx_tools.spdx.model.package import Package, PackagePurpose
    from spdx_tools.spdx.model.relationship import Relationship, RelationshipType
    from spdx_tools.spdx.model.spdx_no_assertion import SpdxNoAssertion

    view = bom_view(report, "spdx")
    tool = Actor(ActorType.TOOL, f"openwash-{report.tool_version}")
    created = view.created.replace(tzinfo=None)  # spdx-tools writes naive datetimes as UTC

    def expression(ids: tuple[str, ...]) -> Any:
        return spdx_licensing.parse(" AND ".join(ids)) if ids else SpdxNoAssertion()

    used: set[str] = set()

    def note(ids: tuple[str, ...]) -> tuple[str, ...]:
        used.update(i for i in ids if i.startswith("LicenseRef-"))
        return ids

    weights = report.components["weights"]
    model = Package(
        "SPDXRef-Model" if report.model_found else "SPDXRef-Package",
        view.name,
        _download(view, report),
        files_analyzed=False,
        license_declared=expression(note(view.declared)),
        license_concluded=expression(note(view.concluded)),
        copyright_text=SpdxNoAssertion(),
        primary_package_purpose=PackagePurpose.OTHER if report.model_found else PackagePurpose.SOURCE,
        version=report.revision,
        summary=f"openwash openness tier: {report.tier}",
        description=(
            "AI model; weights: " + (", ".join(weights.evidence[:5]) if weights.present else "none published")
            if report.model_found
            else "No model found; rated on its licence alone."
        ),
        comment=(f"Weights' terms from: {weights.terms_source}." if weights.terms_source else None),
    )
    packages = [model]
    relationships = [Relationship("SPDXRef-DOCUMENT", RelationshipType.DESCRIBES, model.spdx_id)]

    code_comp = report.components["code"]
    if code_comp.present:
        code = Package(
            "SPDXRef-Code",
            f"{view.name} code",
            SpdxNoAssertion(),
            files_analyzed=False,
            license_declared=expression(note(view.code)),
            license_concluded=expression(note(view.code)),
            copyright_text=SpdxNoAssertion(),
            primary_package_purpose=PackagePurpose.SOURCE,
            description="Code in the repository: " + ", ".join(code_comp.evidence[:10]),
        )
        packages.append(code)
        training = bool(view.details and view.details.training_code)
        relationships.append(
            # SPDX 2.3 has no "trained by": the model is generated from its training code.
            Relationship(model.spdx_id, RelationshipType.GENERATED_FROM, code.spdx_id)
            if training
            else Relationship(model.spdx_id, RelationshipType.DEPENDS_ON, code.spdx_id)
        )

    for i, d in enumerate(view.datasets, 1):
        lic = view.dataset_licence(d)
        pkg = Package(
            f"SPDXRef-Dataset-{i}",
            d.id,
            f"https://huggingface.co/datasets/{d.id}" if "/" in d.id else SpdxNoAssertion(),
            files_analyzed=False,
            license_declared=expression(note((lic,))) if lic else SpdxNoAssertion(),
            license_concluded=SpdxNoAssertion(),
            copyright_text=SpdxNoAssertion(),
            primary_package_purpose=PackagePurpose.OTHER,
            description=f"Training dataset (terms: {d.terms}{'; ' + d.note if d.note else ''})",
        )
        packages.append(pkg)
        # The model is generated from its training data.
        relationships.append(Relationship(model.spdx_id, RelationshipType.GENERATED_FROM, pkg.spdx_id))

    annotations = [
        Annotation(model.spdx_id, AnnotationType.REVIEW, tool, created, statement)
        for statement in view.statements
    ]
    extracted = [
        ExtractedLicensingInfo(ref.id, ref.text, ref.name)
        for ref in (view.refs[r] for r in sorted(used) if r in view.refs)
    ] + [
        ExtractedLicensingInfo(r, f"{r}, named by openwash; its text is not in the scanned repository.", r)
        for r in sorted(used)
        if r not in view.refs
    ]
    info = CreationInfo(
        "SPDX-2.3",
        "SPDXRef-DOCUMENT",
        f"openwash AI-BOM of {view.name}",
        f"https://openwash.invalid/spdx/{view.uid}",
        [tool],
        created,
        document_comment=f"Written by openwash {report.tool_version} from a scan of {view.name}"
        + (f" at {report.revision}" if report.revision else "")
        + f": openness tier {report.tier}.",
    )
    return Document(
        info,
        packages=packages,
        relationships=relationships,
        annotations=annotations,
        extracted_licensing_info=extracted,
    )


def _download(view: BomView, report: Report) -> Any:
    from spdx_tools.spdx.model.spdx_no_assertion import SpdxNoAssertion

    for e in report.components["weights"].evidence:
        if e.startswith("https://"):
            return e
    return SpdxNoAssertion()


def render(report: Report) -> str:
    from spdx_tools.spdx.writer.json.json_writer import write_document_to_stream

    out = io.StringIO()
    # validate=True: spdx-tools refuses to write a document that does not validate.
    write_document_to_stream(document(report), out, validate=True)
    return out.getvalue() + "\n"
