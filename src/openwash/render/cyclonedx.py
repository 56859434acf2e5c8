"""`--format cyclonedx`: a CycloneDX 1.6 ML-BOM (JSON), built with cyclonedx-python-lib.

The model is the BOM's subject (`metadata.component`, type machine-learning-model) with its
declared and concluded licences; the code is an application component and each training dataset
a data component, all three linked in `dependencies`. The tier and every finding are `openwash:`
properties of the model.

cyclonedx-python-lib does not model `modelCard` yet (a TODO in its component.py), so the card
(task, training datasets by reference) is added to the library's JSON output; the result is
checked by the tests against the library's own 1.6 JSON schema.
"""

from __future__ import annotations

import json
from typing import Any

from openwash.render.mof_yaml import bom_view
from openwash.report import Report

MODEL_REF = "model"
CODE_REF = "code"


def render(report: Report) -> str:
    from cyclonedx.model import Property
    from cyclonedx.model.bom import Bom
    from cyclonedx.model.component import Component, ComponentType
    from cyclonedx.output.json import JsonV1Dot6

    view = bom_view(report, "cyclonedx")
    model_type = ComponentType.MACHINE_LEARNING_MODEL if report.model_found else ComponentType.APPLICATION
    properties = [Property(name="openwash:tier", value=report.tier)]
    if report.mof_class:
        properties.append(Property(name="openwash:mof-class", value=report.mof_class))
    weights = report.components["weights"]
    if weights.terms_source:
        properties.append(Property(name="openwash:weights-terms-source", value=weights.terms_source))
    properties += [Property(name="openwash:finding", value=s) for s in view.statements[1:]]
    model = Component(
        name=view.name,
        type=model_type,
        bom_ref=MODEL_REF,
        version=report.revision,
        description=view.statements[0],
        licenses=_licences(view.declared, "declared") + _licences(view.concluded, "concluded"),
        properties=properties,
    )
    bom = Bom()
    bom.serial_number = _serial(view.uid)
    bom.metadata.timestamp = view.created
    bom.metadata.component = model
    bom.metadata.tools.components.add(
        Component(name="openwash", type=ComponentType.APPLICATION, version=report.tool_version)
    )
    deps: list[Component] = []
    code_comp = report.components["code"]
    if code_comp.present:
        code = Component(
            name=f"{view.name} code",
            type=ComponentType.APPLICATION,
            bom_ref=CODE_REF,
            description="Code in the repository: " + ", ".join(code_comp.evidence[:10]),
            licenses=_licences(view.code, "concluded"),
        )
        bom.components.add(code)
        deps.append(code)
    data_refs = []
    for i, d in enumerate(view.datasets, 1):
        lic = view.dataset_licence(d)
        data = Component(
            name=d.id,
            type=ComponentType.DATA,
            bom_ref=f"dataset-{i}",
            licenses=_licences((lic,), "declared") if lic else [],
            properties=[Property(name="openwash:dataset-terms", value=d.terms)],
        )
        bom.components.add(data)
        deps.append(data)
        data_refs.append(f"dataset-{i}")
    if deps:
        bom.register_dependency(model, deps)

    doc: dict[str, Any] = json.loads(JsonV1Dot6(bom).output_as_string())
    card = _model_card(view.task, data_refs)
    if card and report.model_found:
        doc["metadata"]["component"]["modelCard"] = card
    return json.dumps(doc, indent=2, ensure_ascii=False) + "\n"


def _licences(ids: tuple[str, ...], acknowledgement: str) -> list[Any]:
    from cyclonedx.model.license import DisjunctiveLicense, LicenseAcknowledgement
    from cyclonedx.spdx import is_supported_id

    ack = LicenseAcknowledgement(acknowledgement)
    # A CycloneDX licence `id` must be on the SPDX list; LicenseRef- and other names go in `name`.
    return [
        DisjunctiveLicense(id=i, acknowledgement=ack)
        if is_supported_id(i)
        else DisjunctiveLicense(name=i, acknowledgement=ack)
        for i in ids
    ]


def _model_card(task: str | None, data_refs: list[str]) -> dict[str, Any]:
    params: dict[str, Any] = {}
    if task:
        params["task"] = task
    if data_refs:
        params["datasets"] = [{"ref": r} for r in data_refs]
    return {"modelParameters": params} if params else {}


def _serial(uid: str) -> Any:
    from uuid import UUID

    return UUID(uid)
