"""`--format spdx3`: an SPDX 3.0.1 AI-BOM (JSON-LD), built with spdx-python-model.

One `ai_AIPackage` for the model (a plain `software_Package` when no model was found) with its
declared and concluded licences, a package for the code, a `dataset_DatasetPackage` per training
dataset, the relationships between them (hasDeclaredLicense, hasConcludedLicense, trainedOn,
generates / dependsOn), and the tier and every finding as review annotations on the model.
"""

from __future__ import annotations

import json
from typing import Any

from openwash.render.mof_yaml import BomView, bom_view
from openwash.report import Report

SPEC_VERSION = "3.0.1"


def render(report: Report) -> str:
    from spdx_python_model import v3_0_1 as m

    view = bom_view(report, "spdx3")
    base = f"https://openwash.invalid/spdx3/{view.uid}#"
    objects: list[Any] = []

    def add(obj: Any) -> Any:
        objects.append(obj)
        return obj

    ci = m.CreationInfo(specVersion=SPEC_VERSION, created=view.created)
    agent = add(m.SoftwareAgent(spdxId=base + "openwash", name="openwash", creationInfo=ci))
    tool = add(m.Tool(spdxId=base + "tool", name=f"openwash {report.tool_version}", creationInfo=ci))
    ci.createdBy.append(agent)
    ci.createdUsing.append(tool)

    counter = iter(range(1, 10_000))

    def licence(pkg: Any, ids: tuple[str, ...], kind: str) -> None:
        if not ids:
            return
        n = next(counter)
        expr = add(
            m.simplelicensing_LicenseExpression(
                spdxId=f"{base}licence-{n}",
                creationInfo=ci,
                simplelicensing_licenseExpression=" AND ".join(ids),
            )
        )
        add(
            m.Relationship(
                spdxId=f"{base}relationship-{kind}-{n}",
                creationInfo=ci,
                from_=pkg,
                to=[expr],
                relationshipType=getattr(m.RelationshipType, kind),
            )
        )

    model = add(_model_package(m, report, view, base, ci))
    licence(model, view.declared, "hasDeclaredLicense")
    licence(model, view.concluded, "hasConcludedLicense")

    code_comp = report.components["code"]
    if code_comp.present:
        code = add(
            m.software_Package(
                spdxId=base + "code",
                name=f"{view.name} code",
                creationInfo=ci,
                software_primaryPurpose=m.software_SoftwarePurpose.source,
                description="Code in the repository: " + ", ".join(code_comp.evidence[:10]),
            )
        )
        licence(code, view.code, "hasDeclaredLicense")
        training = bool(view.details and view.details.training_code)
        add(
            m.Relationship(
                spdxId=base + "relationship-code",
                creationInfo=ci,
                # Training code builds the model; other code (inference, evaluation) is used with it.
                from_=code if training else model,
                to=[model if training else code],
                relationshipType=m.RelationshipType.generates if training else m.RelationshipType.dependsOn,
            )
        )

    datasets = []
    for i, d in enumerate(view.datasets, 1):
        ds = add(
            m.dataset_DatasetPackage(
                spdxId=f"{base}dataset-{i}",
                name=d.id,
                creationInfo=ci,
                software_primaryPurpose=m.software_SoftwarePurpose.data,
                dataset_datasetType=[m.dataset_DatasetType.noAssertion],
            )
        )
        if "/" in d.id:
            ds.software_downloadLocation = f"https://huggingface.co/datasets/{d.id}"
        if d.public:
            ds.dataset_datasetAvailability = m.dataset_DatasetAvailabilityType.directDownload
        lic = view.dataset_licence(d)
        if lic:
            licence(ds, (lic,), "hasDeclaredLicense")
        datasets.append(ds)
    if datasets:
        add(
            m.Relationship(
                spdxId=base + "relationship-trainedOn",
                creationInfo=ci,
                from_=model,
                to=datasets,
                relationshipType=m.RelationshipType.trainedOn,
            )
        )

    for i, statement in enumerate(view.statements):
        add(
            m.Annotation(
                spdxId=f"{base}annotation-{i}",
                creationInfo=ci,
                subject=model,
                annotationType=m.AnnotationType.review,
                statement=statement,
            )
        )

    data_licence = m.simplelicensing_LicenseExpression(
        spdxId=base + "data-licence", creationInfo=ci, simplelicensing_licenseExpression="CC0-1.0"
    )
    profiles = ["core", "software", "simpleLicensing"] + (["ai"] if report.model_found else [])
    profiles += ["dataset"] if datasets else []
    sbom = m.software_Sbom(
        spdxId=base + "sbom",
        creationInfo=ci,
        name=f"AI-BOM of {view.name}",
        software_sbomType=[m.software_SbomType.analyzed],
        rootElement=[model],
        element=[o for o in objects],
        profileConformance=[getattr(m.ProfileIdentifierType, p) for p in profiles],
    )
    doc = m.SpdxDocument(
        spdxId=base + "document",
        creationInfo=ci,
        name=f"openwash AI-BOM of {view.name}",
        dataLicense=data_licence,
        rootElement=[sbom],
        element=[*objects, sbom],
        profileConformance=[getattr(m.ProfileIdentifierType, p) for p in profiles],
        comment=f"Written by openwash {report.tool_version} from a scan of {view.name}"
        + (f" at {report.revision}" if report.revision else "")
        + f": openness tier {report.tier}.",
    )
    objset = m.SHACLObjectSet([*objects, data_licence, sbom, doc])
    data = m.JSONLDSerializer().serialize_data(objset)
    return json.dumps(data, indent=2, ensure_ascii=False) + "\n"


def _model_package(m: Any, report: Report, view: BomView, base: str, ci: Any) -> Any:
    weights = report.components["weights"]
    description = (
        f"openness tier {report.tier}; weights: "
        + (", ".join(weights.evidence[:5]) if weights.present else "none published")
        + (f"; terms from: {weights.terms_source}" if weights.terms_source else "")
    )
    if not report.model_found:
        return m.software_Package(
            spdxId=base + "package",
            name=view.name,
            creationInfo=ci,
            software_primaryPurpose=m.software_SoftwarePurpose.source,
            description=f"No model found; rated on its licence alone: {report.tier}.",
        )
    pkg = m.ai_AIPackage(
        spdxId=base + "model",
        name=view.name,
        creationInfo=ci,
        software_primaryPurpose=m.software_SoftwarePurpose.model,
        description=description,
    )
    if report.revision:
        pkg.software_packageVersion = report.revision
    if view.task:
        pkg.ai_domain = [view.task]
    info = report.components["data_information"]
    if info.present:
        # Where the repository documents its training data (not a copy of that documentation).
        pkg.ai_informationAboutTraining = "Documented in " + ", ".join(info.evidence[:5])
    return pkg
