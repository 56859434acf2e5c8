"""How real model repositories outside the development sets (second survey) publish weights and
name their code, in our own wording, each with a near miss that must not change."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from conftest import PERMISSIVE
from openwash.engine import scan
from openwash.evidence.files import code_roles

Repo = Callable[..., Path]


def test_a_module_named_for_pretrained_weights_is_no_training_code() -> None:
    # It loads an artefact someone trained; it trains nothing.
    assert "training" not in code_roles("acme/models/pretrained_encoder.py")
    assert "training" not in code_roles("acme/trained_heads.py")
    assert "training" not in code_roles("pretrained/fetch.py")
    # Pre-training code is training code, under any of its names.
    assert "training" in code_roles("acme/pretrain.py")
    assert "training" in code_roles("pretraining/run.py")
    assert "training" in code_roles("scripts/train_lora.sh")
    assert "training" in code_roles("acme/trainer.py")


def test_pretrained_module_leaves_the_weights_open_weight(make_repo: Repo) -> None:
    card = (
        "# Acme 3D\n\nWeights: [acme-3d](https://huggingface.co/acme/acme-3d).\n\n"
        "## Training data\n\nAcme 3D was trained on 2 million meshes from Objaverse, filtered for quality.\n"
    )
    files = {"LICENSE": PERMISSIVE, "README.md": card, "acme/models/pretrained_encoder.py": "pass\n"}
    assert scan(str(make_repo(files))).tier == "open-weight"
    files["acme/train.py"] = "pass\n"
    assert scan(str(make_repo(files, name="n"))).tier == "open-source-ai"


def test_a_sentence_saying_where_the_weights_are_hosted_publishes_them(make_repo: Repo) -> None:
    # The link on the next line of the same paragraph, to an organisation's page.
    readme = (
        "# Acme\n\nA sequence model library.\n\n## Pretrained models\n\nPretrained models are uploaded to\n"
        "[the Hub](https://huggingface.co/acme-lab): `acme-130m`, `acme-370m`.\n"
    )
    report = scan(str(make_repo({"LICENSE": PERMISSIVE, "README.md": readme})))
    assert report.model_found and report.components["weights"].evidence == ("README.md:7",)
    # "can be downloaded from" a plain web server.
    server = (
        "# Acme\n\nWe release two models; the weights can be freely downloaded from "
        "[our mirror](https://files.example.net/public/acme-release/).\n"
    )
    assert scan(str(make_repo({"LICENSE": PERMISSIVE, "README.md": server}, name="s"))).model_found


def test_weights_to_ask_for_or_hosted_nowhere_are_not_published(make_repo: Repo) -> None:
    on_request = (
        "# Acme\n\nThe weights are available on request via [this form](https://forms.example.net/acme).\n"
    )
    assert not scan(str(make_repo({"LICENSE": PERMISSIVE, "README.md": on_request}))).model_found
    # A library whose models live in a dataset page, or with no link at all, publishes none.
    dataset = "# Acme\n\nOur models are trained on data available at [the Hub](https://huggingface.co/datasets/acme/x).\n"
    assert not scan(str(make_repo({"LICENSE": PERMISSIVE, "README.md": dataset}, name="d"))).model_found
    unlinked = "# Acme\n\nPretrained models are uploaded to the Hub soon.\n"
    assert not scan(str(make_repo({"LICENSE": PERMISSIVE, "README.md": unlinked}, name="u"))).model_found
