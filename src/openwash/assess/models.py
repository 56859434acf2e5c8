"""Every model the repository publishes, each with the terms that govern it (SPEC section 2).

A table row or a registry entry that states a model's own licence (or "commercial use: no") gives
that model its own terms; every other model (weights in the tree, a Hub page, a checkpoint URL) is
governed by the weights' terms. The tier is decided elsewhere on all of them (the least open one);
this list is what the report and the comment show, so a user sees which model is the least open.
"""

from __future__ import annotations

import posixpath
from collections.abc import Iterable

from openwash.assess.terms import Terms, base_family
from openwash.evidence.collect import Evidence
from openwash.evidence.links import model_names
from openwash.licenses import names
from openwash.licenses.identify import same_licence
from openwash.report import LicenseInfo, ModelTerms, label_name

MAX_LISTED = 200  # models a report lists (the comment shows the least open few); the rest are counted


def listing(ev: Evidence, terms: Terms) -> tuple[list[ModelTerms], str | None]:
    """The models, in the order the repository names them (its own stated terms first), and a note
    on those left out of the report."""
    if not ev.model_found:
        return [], None
    # A vendored folder's licence governs the checkpoints its code downloads (listed as stated
    # models), not the repository's other models.
    own = [i for i in terms.weights_terms if i.path not in ev.vendored] or terms.weights_terms
    weights_ids = tuple(dict.fromkeys(i.id for i in own))
    weights_verdict = _combined(i.osd_compliant for i in own)
    known = {i.id: i for i in terms.licenses}
    out: dict[str, ModelTerms] = {}
    for m in terms.stated_models:
        ids = m.ids or weights_ids
        verdict = False if m.note else _combined(_verdict(lid, known) for lid in m.ids)
        if not m.ids and not m.note:
            verdict = weights_verdict
        key = m.name.lower()
        if key in out:  # named twice (two tables): both statements hold
            prev = out[key]
            ids = tuple(dict.fromkeys(prev.licenses + ids))
            verdict = _combined((prev.osd_compliant, verdict))
            out[key] = ModelTerms(prev.name, prev.path, prev.line, ids, verdict, True, prev.note or m.note)
        else:
            out[key] = ModelTerms(m.name, m.path, m.line, ids, verdict, True, m.note)
    for link in ev.weight_links:
        for name in model_names(link.text):
            family = base_family(name)
            if family is not None and not any(same_licence(family.license, i) for i in weights_ids):
                continue  # a known family under other terms: a base to train from, or a comparison
            out.setdefault(name.lower(), ModelTerms(name, link.path, link.line, weights_ids, weights_verdict))
    by_dir: dict[str, list[str]] = {}
    for w in ev.weights:
        by_dir.setdefault(posixpath.dirname(w.path), []).append(w.path)
    for folder, paths in by_dir.items():
        name = folder or label_name(ev.label)
        note = f"{len(paths)} weight files" if len(paths) > 1 else ""
        out.setdefault(
            "\0" + folder, ModelTerms(name, paths[0], None, weights_ids, weights_verdict, False, note)
        )
    if not out:
        # A model found by its card or its code alone: the repository's own model.
        card = ev.model_card or ev.card
        name = label_name(ev.label)
        out[name] = ModelTerms(name, card.path if card else None, None, weights_ids, weights_verdict)
    models = list(out.values())
    if len(models) <= MAX_LISTED:
        return models, None
    return models[
        :MAX_LISTED
    ], f"{len(models) - MAX_LISTED:,} more model(s) left out of this report's model list."


def _verdict(lid: str, known: dict[str, LicenseInfo]) -> bool | None:
    # The verdict the licences list gives it (a name without its text is not established).
    info = known.get(lid)
    return info.osd_compliant if info is not None else names.compliant(lid)


def _combined(verdicts: Iterable[bool | None]) -> bool | None:
    """False if any fails, None if any is not established, else True (None for no terms at all)."""
    seen = list(verdicts)
    if False in seen:
        return False
    return None if not seen or None in seen else True
