"""How real model repositories outside the development sets (second survey) publish weights and
name their code, in our own wording, each with a near miss that must not change."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from conftest import PERMISSIVE
from openwash.engine import scan
from openwash.evidence.card import parse_card
from openwash.evidence.files import code_roles
from openwash.evidence.prose import data_information, open_source_claims

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


def _info_lines(text: str) -> list[int]:
    return [x.line for x in data_information([parse_card("README.md", text)])]


def test_a_training_section_that_names_the_dataset_to_download_is_data_information() -> None:
    card = "# Acme detector\n\n## Training\n\nFirst download the [Objaverse](https://example.org/objaverse) dataset.\n"
    assert _info_lines(card) == [5]
    # The same line under usage, a results table row, or a toy/custom set in the section is not.
    assert _info_lines(card.replace("## Training", "## Usage")) == []
    row = "# Acme\n\n## Training\n\n| Acme-S | 25M | 5.5 (COCO data FT) |\n"
    assert _info_lines(row) == []
    toy = "# Acme\n\n## Training\n\nA toy example of the COCO data layout is in `data/`.\n"
    assert _info_lines(toy) == []
    # A script's address on GitHub names no source, whatever words it has.
    url = "# Acme\n\n## Training\n\nPrepare data with https://github.com/acme/acme/blob/main/make_pile_data.py\n"
    assert _info_lines(url) == []


def test_a_model_table_named_for_its_training_data_is_data_information() -> None:
    card = "# Acme\n\n### ImageNet-1K trained models\n\n| name | acc |\n"
    assert _info_lines(card) == [3]
    # A how-to heading may be a recipe on other data than the released models saw.
    assert _info_lines("# Acme\n\n### Fast setup: training Acme on ImageNet-1k\n\nRun it.\n") == []
    # A zoo of pretrained models names what it offers, not what they were trained on.
    assert _info_lines("# Acme\n\n## Pre-trained ImageNet models\n\nRun it.\n") == []


def test_trained_on_a_named_database_and_sizes_in_giga_tokens() -> None:
    assert _info_lines(
        "# Acme\n\nA 1B model trained on the [LAION-400M](https://example.org) database.\n"
    ) == [3]
    assert _info_lines("# Acme\n\nWe train on 300G tokens of text.\n") == [3]
    assert _info_lines("# Acme\n\nIt was trained on a private database.\n") == []


def test_a_script_the_training_instructions_run_is_training_code(make_repo: Repo) -> None:
    readme = (
        "# Acme\n\nWeights: [acme](https://huggingface.co/acme/acme).\n\n"
        "## Data\n\nAcme was trained on ImageNet-1K (1.28 million images).\n\n"
        "## Training\n\n```\npython -m torch.distributed.launch --nproc_per_node=8 main_acme.py --lr 3e-4\n```\n"
    )
    files = {"LICENSE": PERMISSIVE, "README.md": readme, "main_acme.py": "pass\n"}
    report = scan(str(make_repo(files)))
    assert "main_acme.py" in report.components["code"].evidence
    assert report.tier == "open-source-ai"
    # The same command under evaluation runs an evaluation; and a script not in the tree is nothing.
    near = readme.replace("## Training", "## Evaluation")
    assert scan(str(make_repo({**files, "README.md": near}, name="e"))).tier == "open-weight"
    absent = {"LICENSE": PERMISSIVE, "README.md": readme, "other.py": "pass\n"}
    assert scan(str(make_repo(absent, name="a"))).tier == "open-weight"
    # A TRAINING.md is training instructions as a whole, with its scripts beside it.
    doc = "# Training\n\nMulti-node:\n\n```\npython run_acme.py --nodes 4\n```\n"
    card = readme.split("## Training")[0]
    files2 = {"LICENSE": PERMISSIVE, "README.md": card, "TRAINING.md": doc, "run_acme.py": "pass\n"}
    assert scan(str(make_repo(files2, name="d"))).tier == "open-source-ai"


def test_a_dataset_called_by_its_proper_name_is_a_named_source() -> None:
    assert _info_lines("# Acme TTS\n\nThe models are trained on the English SpeechHoard dataset.\n") == [3]
    # A generic word before "dataset" names nothing one could look up.
    assert _info_lines("# Acme TTS\n\nThe models are trained on the English Internal dataset.\n") == []
    assert _info_lines("# Acme TTS\n\nThe models are trained on our Proprietary dataset.\n") == []


def test_open_source_said_of_tools_data_or_models_in_general_is_no_claim() -> None:
    def claims(text: str) -> list[str]:
        return [x.text for x in open_source_claims(parse_card("README.md", "# Acme\n\n" + text + "\n"))]

    assert (
        claims("[FastServe](https://example.org/fs) is an open-source LLM inference engine from Example.")
        == []
    )
    assert claims("Most open-source models are tuned for English, which wastes tokens on Chinese text.") == []
    assert claims("原始数据包括开源的中英文数据和网页数据。") == []
    # Said of the model itself, each still is one.
    assert claims("Acme is an open-source LLM for code.") != []
    assert claims("Acme-7B 是一个开源的大语言模型。") != []


def test_trained_on_a_known_source_needs_no_noun_and_your_dataset_is_the_users() -> None:
    assert _info_lines("# Acme\n\nWe release two models trained on The Pile; get them below.\n") == [3]
    # A heading about the user's dataset lists the user's data, not the model's.
    users = "# Acme\n\n## 2. Tokenizing your Dataset\n\nYour files may be 10,000 documents of text.\n"
    assert _info_lines(users) == []
    assert _info_lines(users.replace("your Dataset", "the Dataset")) == [5]
