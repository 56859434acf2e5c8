"""Issue 15: what a repository really publishes, and nothing else. Small repositories written by
the tests: weights by link, not-weights, evidence that says what it claims, this repository's
own claims and terms only, tier and MOF class in agreement."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from conftest import LFS_POINTER, PERMISSIVE
from openwash.engine import scan
from openwash.evidence.card import parse_card
from openwash.evidence.links import classify
from openwash.evidence.prose import data_information, open_source_claims

Repo = Callable[..., Path]


@pytest.mark.parametrize(
    "url",
    [
        "https://huggingface.co/acme/acme-7b",
        "https://hf.co/acme/acme-7b",
        "//huggingface.co/acme/acme-7b",
        "https://huggingface.co/collections/acme/acme-family-65f0",
        "https://modelscope.cn/models/acme/acme-7b",
        "https://example.org/releases/acme-7b.safetensors",
        "https://huggingface.co/acme/acme-7b/resolve/main/model.safetensors",
    ],
)
def test_links_that_publish_weights(url: str) -> None:
    assert classify(url) is not None


@pytest.mark.parametrize(
    "url",
    [
        "https://huggingface.co/datasets/acme/corpus",
        "https://huggingface.co/spaces/acme/demo",
        "https://huggingface.co/docs/transformers/index",
        "https://huggingface.co/acme",
        "https://example.org/benchmark/images.zip",
        "https://huggingface.co/acme/acme-7b/resolve/main/tokenizer.json",
        "https://example.org/data/train-00000-of-00001.arrow",
    ],
)
def test_links_that_are_not_weights(url: str) -> None:
    assert classify(url) is None


def test_weights_linked_from_the_readme_are_a_model(make_repo: Repo) -> None:
    readme = "# Acme\n\n1. Download the [Acme model weights](https://huggingface.co/acme/acme-7b).\n"
    report = scan(str(make_repo({"LICENSE": PERMISSIVE, "README.md": readme})))
    assert report.model_found and report.components["weights"].present
    assert report.components["weights"].evidence == ("README.md:3",)
    assert report.tier == "open-weight"


def test_a_model_zoo_in_docs_and_a_download_script(make_repo: Repo) -> None:
    zoo = {
        "docs/MODEL_ZOO.md": "| model | link |\n|---|---|\n| small | [hub](https://huggingface.co/acme/small) |\n"
    }
    report = scan(str(make_repo({"LICENSE": PERMISSIVE, "README.md": "# Acme\n", **zoo})))
    assert report.components["weights"].evidence == ("docs/MODEL_ZOO.md:3",)
    script = {"scripts/download.sh": "wget https://example.org/ckpt/acme_final.pth\n"}
    report = scan(str(make_repo({"LICENSE": PERMISSIVE, "README.md": "# Acme\n", **script}, name="s")))
    assert report.components["weights"].evidence == ("scripts/download.sh:1",)


@pytest.mark.parametrize(
    ("script", "found"),
    [
        ("REMOTE = 'https://files.example.org/'\nckpt = REMOTE + 'acme/models/5b/prior.pth.tar'\n", True),
        ('BASE_URL = "https://files.example.org/acme"\nurl = f"{BASE_URL}/vqvae.ckpt"\n', True),
        # A constant joined to something that is no checkpoint, or a URL no constant names.
        ("REMOTE = 'https://files.example.org/'\nreadme = REMOTE + 'docs/index.html'\n", False),
        ("path = LOCAL_DIR + 'model.pth'\n", False),
    ],
)
def test_a_checkpoint_url_a_script_builds_from_a_constant(make_repo: Repo, script: str, found: bool) -> None:
    files = {"LICENSE": PERMISSIVE, "README.md": "# Acme\n", "acme/hparams.py": script}
    report = scan(str(make_repo(files)))
    assert report.model_found is found
    if found:
        assert report.components["weights"].evidence == ("acme/hparams.py:2",)


def test_dataset_shards_demo_tensors_and_quoted_output_are_not_weights(make_repo: Repo) -> None:
    files = {
        "LICENSE": PERMISSIVE,
        "README.md": "# Tool\n\n```text\nbase: (https://huggingface.co/acme/acme-7b)\n```\n",
        "data/data-00000-of-00001.arrow": "x",
        "assets/demo_latent.pt": "x",
        "tests/fixtures/tiny.safetensors": LFS_POINTER,
    }
    report = scan(str(make_repo(files)))
    assert not report.model_found and report.tier == "open-source"


def test_a_denial_is_evidence_of_absence() -> None:
    card = parse_card(
        "README.md",
        "# M\n\n## Training data\n\nThe model was trained on publicly available image-caption data such as "
        "YFCC100M.\nWe will not be releasing the dataset.\n",
    )
    assert data_information([card]) == []
    rich = parse_card(
        "README.md",
        "# M\n\n## Training data\n\nTrained on 2T tokens of [Dolma](https://huggingface.co/datasets/allenai/dolma), "
        "deduplicated and filtered for quality.\n",
    )
    assert [x.line for x in data_information([rich])] == [5]


def test_a_benchmark_data_preparation_heading_is_not_data_information() -> None:
    card = parse_card(
        "README.md",
        "# M\n\n## Data preparation\n\nDownload COCO and unzip it into data/coco.\n\n"
        "```python\n# Download the dataset\n```\n",
    )
    assert data_information([card]) == []


@pytest.mark.parametrize(
    ("line", "claim"),
    [
        ("Acme is a SOTA open-source text-to-speech system built for everyone.", True),
        ("Introducing Acme-VL, an open-source Vision-Language (VL) Model.", True),
        ("We open-source distilled 1.5B and 7B checkpoints to the community.", True),
        ("Acme outperforms Mistral-7B and other open source models.", True),
        ("Our Purple tools are open sourced for the community to use.", False),
        ("We only evaluate open-source pretrained models in this work.", False),
        ("Acme-Chat models outperform open-source chat models on most benchmarks.", False),
        ("Internal models that are not released open-source.", False),
        ("We introduce Acme, an open-source deep learning library.", False),
    ],
)
def test_open_source_claims_are_about_this_model(line: str, claim: bool) -> None:
    card = parse_card("README.md", f"# M\n\n{line}\n")
    assert bool(open_source_claims(card)) is claim


def test_acknowledgements_are_not_claims() -> None:
    card = parse_card(
        "README.md",
        "# M\n\n## Acknowledgement\n\n+ Vicuna: the language ability is amazing. And it is open-source!\n",
    )
    assert open_source_claims(card) == []


def test_a_tool_is_rated_on_its_own_licence(make_repo: Repo) -> None:
    readme = (
        "# A licence checker\n\nIt reports, for example:\n\n```text\n"
        "> This model is a fine-tuning of [Llama2 70B](https://huggingface.co/meta-llama/Llama-2-70b-hf).\n```\n\n"
        "> Acme-Chat is based on Llama 2. Models are licensed under CC-BY-NC.\n"
    )
    files = {"LICENSE": PERMISSIVE, "README.md": readme, "src/tool/licenses/matcher.py": "LICENSE = 'x'\n"}
    report = scan(str(make_repo(files)))
    assert report.tier == "open-source"
    assert not [f for f in report.findings if f.severity == "violation"]
    assert [i.path for i in report.licenses] == ["LICENSE"]


def test_gitignored_paths_are_not_scanned(make_repo: Repo) -> None:
    files = {
        "LICENSE": PERMISSIVE,
        "README.md": "# Tool\n",
        ".gitignore": "build/\ndist/\n",
        "build/lib/model.safetensors": LFS_POINTER,
        "dist/LICENSE-weights": "You may not use this model commercially.\n",
    }
    report = scan(str(make_repo(files)))
    assert not report.model_found and [i.path for i in report.licenses] == ["LICENSE"]


def test_open_science_needs_mof_class_one(make_repo: Repo) -> None:
    card = (
        "---\nlicense: mit\ndatasets:\n- allenai/dolma\n---\n# M\n\n"
        "Trained on 2T tokens of Dolma, deduplicated and filtered; see our paper https://arxiv.org/abs/2402.00838 "
        "(our paper).\n"
    )
    files = {"LICENSE": PERMISSIVE, "README.md": card, "train.py": "print('train')\n"}
    report = scan(str(make_repo(files, weights=True)))
    # The components reach open-science, but the evidence supports MOF Class III only.
    assert report.mof_class == "III"
    assert report.tier == "open-source-ai"
    assert any("needs Model Openness Framework Class I" in w for w in report.warnings)


def test_openwash_itself_is_rated_on_its_own_licence() -> None:
    """`openwash scan .` on this checkout, with no policy: the licences and model cards that the
    docs, tests and example repositories quote are not openwash's terms."""
    root = Path(__file__).resolve().parents[1]
    report = scan(str(root))
    assert not report.model_found and report.tier == "open-source"
    assert [i.path for i in report.licenses] == ["LICENSE"]
    assert not [f for f in report.findings if f.severity == "violation"]


@pytest.mark.parametrize(
    "line",
    [
        "Now we provide the official training script, `finetune.py`, for users to finetune the model.",
        "* **May 9, 2023:** We've fine-tuned Acme to chat! Check out the `chat/` directory for the training code.",
    ],
)
def test_a_users_fine_tuning_script_or_a_news_line_is_not_training_code(line: str) -> None:
    from openwash.evidence.prose import training_code_links

    assert training_code_links(parse_card("README.md", f"# M\n\n{line}\n")) == []
