"""Each rule family written from the ScanCode LicenseDB's restrictive texts: a sentence that states
the restriction is a violation of the right clause and quotes that sentence; a near miss (the same
words in a permission, a condition or a disclaimer) is not. The sentences are written here in
general wording, not copied from any licence."""

from __future__ import annotations

import pytest

from openwash.clauses.analyser import analyse

# (rule, clause, sentence that states the restriction, near miss that must not fire this rule)
FAMILIES = [
    (
        "reverse-engineering-banned",
        2,
        "You agree not to decompile, disassemble or reverse engineer the program.",
        "Nothing in this licence prohibits reverse engineering the program to debug your changes.",
    ),
    (
        "source-distribution-withheld",
        2,
        "You may copy and redistribute the firmware in binary form only.",
        "You may distribute the library in executable form only if you also offer its source code.",
    ),
    (
        "work-confidential",
        1,
        "The software is the confidential and proprietary information of the vendor.",
        "Each party shall protect the confidential information of the other party.",
    ),
    (
        "work-may-not-be-modified",
        3,
        "The font files may not be modified or extended.",
        "This licence document may not be modified.",
    ),
    (
        "work-may-not-be-modified",
        3,
        "No right to create modifications or derivatives of these documents is granted under this licence.",
        "The right to create modifications of these documents is granted to everyone.",
    ),
    (
        "derivatives-withheld",
        3,
        "You may adapt the toolkit, but all such modifications will be owned by the licensor.",
        "Any modifications you submit to us as feedback will be owned by the licensor.",
    ),
    (
        "derivatives-withheld",
        3,
        "You may not sell or distribute any derivative works of the toolkit.",
        "You may not distribute any derivative works unless you include this notice.",
    ),
    (
        "internal-business-use-only",
        6,
        "The vendor grants you a licence to internally use the unmodified programs, provided that you "
        "keep them up to date.",
        "Internally used modifications need not be distributed.",
    ),
    (
        "no-charge-for-copies",
        1,
        "You may copy and redistribute the unmodified viewer, provided that you do not charge for it.",
        "You may redistribute the package in an aggregation provided that you do not charge a fee "
        "for the package itself.",
    ),
    (
        "use-not-granted",
        6,
        "This agreement does not permit use of the tool for any other purposes.",
        "This licence does not permit use of the vendor's trademarks in advertising.",
    ),
    (
        "sole-purpose-grant",
        6,
        "The licence to copy the interface files is granted for the sole purpose of building adapters "
        "for the vendor's devices.",
        "You may use these records for the sole purpose of determining compliance with this licence.",
    ),
    (
        "trial-period-only",
        6,
        "You must limit any use for commercial gain to a trial period of 30 consecutive days.",
        "If you cure the violation within 30 days, your licence is reinstated.",
    ),
    (
        "grant-to-members-or-customers-only",
        5,
        "This licence is granted only to members of the consortium.",
        "This licence is granted to all recipients of the program.",
    ),
    (
        "deployment-size-cap",
        5,
        "Use is free only for deployments with fewer than three server instances.",
        "You may run the software on any number of server instances.",
    ),
    (
        "product-specific-rights",
        8,
        "Permission to copy and modify this code is granted, provided that the code is used in "
        "conjunction with the vendor's microcontrollers.",
        "The code may be used alone or in conjunction with other hardware.",
    ),
    (
        "product-specific-rights",
        8,
        "If you do not have a valid licence for the host operating system, you are not authorised to "
        "install or use these components.",
        "If you do not have a copy of the licence, you may obtain one from our website.",
    ),
    (
        "use-needs-signed-agreement",
        7,
        "Any use of this code is conditional upon having a separate signed agreement with the vendor.",
        "Any use of this code is subject to the terms of this licence.",
    ),
    (
        "redistribution-banned",
        1,
        "Any duplication of these pages without the author's permission is strictly prohibited.",
        "Duplication of these pages is permitted without the author's permission.",
    ),
    (
        "redistribution-banned",
        1,
        "Please obtain written permission before redistributing this package.",
        "You may redistribute this package without asking permission.",
    ),
    (
        "redistribution-banned",
        1,
        "The licence does not grant you the right to sell the work.",
        "The licence grants you the right to sell the work.",
    ),
    (
        "commercial-use-withheld",
        1,
        "If you make money with this tool you have to get a licensing agreement from the author.",
        "If you make money with this tool, consider a donation to the author.",
    ),
    (
        "no-derivatives",
        3,
        "Attribution-NoDerivs 2.5",
        "Attribution-ShareAlike 2.5",
    ),
    (
        "internal-or-personal-use-only",
        6,
        "The specification may be reproduced only for the purpose of internal evaluation.",
        "You may use the software for any purpose, including evaluation.",
    ),
    (
        "field-banned-inline",
        6,
        "Usage for military applications is expressly forbidden.",
        "Military insignia; rights the provider is not authorised to license.",
    ),
    (
        "use-restriction",
        6,
        "The parser may be used in any program, but cannot be used to build a competing archiver.",
        "The parser may be used in any program, and can be used to build any archiver.",
    ),
    # A grant limited to the licensee's own non-commercial purposes.
    (
        "non-commercial-only",
        6,
        "Acme grants you a limited licence to reproduce and distribute the Software solely for your "
        "non-commercial research purposes.",
        "Acme grants you a licence to use the Software for your commercial and non-commercial purposes.",
    ),
    # German and French wording of the CC licences and similar terms.
    (
        "non-commercial-only",
        6,
        "Sie dürfen die eingeräumten Rechte in keiner Weise verwenden, die auf einen geschäftlichen "
        "Vorteil gerichtet ist.",
        "Die Daten dürfen für kommerzielle und nicht kommerzielle Zwecke genutzt werden.",
    ),
    (
        "non-commercial-only",
        1,
        "Le licencié ne peut exercer ces droits dans le but d'obtenir un profit commercial.",
        "Utilisation autorisée à des fins commerciales et non commerciales.",
    ),
    (
        "no-derivatives",
        3,
        "Weitergehende Änderungen oder Abwandlungen sind jedoch untersagt.",
        "Änderungen sind erlaubt, sofern sie gekennzeichnet werden.",
    ),
    (
        "licence-fee-due",
        1,
        "After the trial period the user must purchase a licence to keep using the program.",
        "The price of an optional commercial licence is $100. To purchase the licence:",
    ),
    (
        "licence-fee-due",
        1,
        "You may not use the tool on a server unless you have purchased a licence for each server.",
        "This agreement is governed by the laws of the state in which you purchased the licence.",
    ),
]


@pytest.mark.parametrize(("rule", "clause", "restriction", "near_miss"), FAMILIES)
def test_rule_family(rule: str, clause: int, restriction: str, near_miss: str) -> None:
    found = [f for f in analyse(restriction, "LICENSE") if f.rule == rule and f.clause == clause]
    assert found, f"{rule} missed: {restriction}"
    # Clause 2 is never a licence violation (SPEC section 4): its wording is a quoted concern.
    assert found[0].severity == ("concern" if clause == 2 else "violation")
    assert found[0].quote == restriction  # the evidence is the sentence itself
    assert (found[0].line_start, found[0].line_end) == (1, 1)
    assert not [f for f in analyse(near_miss, "LICENSE") if f.rule == rule], near_miss


def test_reverse_engineering_ban_is_quoted_in_a_longer_text() -> None:
    text = (
        "Permission is granted to use and copy the tool.\n"
        "You may not reverse engineer,\ndecompile or disassemble the tool.\n"
        "The tool is provided as is.\n"
    )
    found = [f for f in analyse(text, "EULA.txt") if f.rule == "reverse-engineering-banned"]
    assert [(f.line_start, f.line_end, f.quote) for f in found] == [
        (2, 3, "You may not reverse engineer, decompile or disassemble the tool.")
    ]


def test_a_list_is_read_with_its_lead() -> None:
    text = (
        "Terms\n\nYou may not\n\n"
        "    work around any technical limitations in the tool;\n"
        "    make the tool available to the public;\n"
        "    or use it for hosting services.\n\n"
        "You may copy the tool for backup.\n"
    )
    found = [f for f in analyse(text, "EULA.txt") if f.rule == "redistribution-banned"]
    assert [(f.line_start, f.line_end, f.quote) for f in found] == [
        (3, 6, "You may not make the tool available to the public;")
    ]
    # Alone, the item says nothing: it is the lead that makes it a ban.
    assert not analyse("Tips\n\n    make the tool available to the public;\n", "EULA.txt")


def test_a_list_item_found_alone_is_not_found_twice_with_its_lead() -> None:
    text = "You agree not to use the Model:\n- for military purposes;\n- to provide medical advice.\n"
    military = [f for f in analyse(text, "LICENSE") if f.clause == 6 and "military" in f.quote]
    assert len(military) == 1


def test_a_list_of_what_a_licence_does_not_cover_is_no_ban() -> None:
    text = "The Licence does not cover:\n\n(a) personal data;\n(d) military insignia;\n"
    assert not [f for f in analyse(text, "LICENSE") if f.severity == "violation"]
    text = "The licence does not allow:\n\n    Sale or distribution of the Content as wallpapers;\n"
    found = [f for f in analyse(text, "LICENSE") if f.rule == "redistribution-banned"]
    assert (
        found
        and found[0].quote == "The licence does not allow: Sale or distribution of the Content as wallpapers;"
    )


def test_ceasing_distribution_after_termination_is_no_redistribution_ban() -> None:
    text = (
        "If we terminate your right to use the Model, you must delete and cease use and Distribution of all copies "
        "of the Model and are prohibited from using the Model.\n"
    )
    assert not [f for f in analyse(text, "TERMS.md") if f.rule == "redistribution-banned"]


def test_a_text_that_grants_modified_versions_does_not_ban_them() -> None:
    """A permission for unmodified copies, or a condition that the original not be altered when it is
    redistributed as is, is no ban on derived works in a text that expressly lets anyone
    distribute modified versions (OSD 4 allows keeping the original intact)."""
    verbatim = "Redistribution and use of the library, without modification, are permitted provided that:"
    also_modified = "Redistribution and use, with modification, are permitted under the terms of the LGPL."
    assert "no-derivatives" in rules_of(verbatim)  # alone, only unmodified copies are allowed
    assert "no-derivatives" not in rules_of(f"{verbatim}\n\n{also_modified}\n")
    assert "no-derivatives" not in rules_of(f"{also_modified}\n\n{verbatim}\n")  # wherever it stands
    original = (
        "1. The Recipient may create, use, reproduce and/or redistribute a Derived Program.\n\n"
        "2. If the Recipient redistributes the Original Program, the Recipient may not alter or otherwise "
        "modify the Original Program.\n"
    )
    assert "no-derivatives" not in rules_of(original)
    # A grant with an exception, or a ban on modified versions, is not such a grant.
    limited = (
        "You may modify and distribute modified versions only for internal evaluation.\n\n"
        "You may not alter or otherwise modify the Software.\n"
    )
    assert "no-derivatives" in rules_of(limited)


def rules_of(text: str) -> set[str]:
    return {f.rule for f in analyse(text, "LICENSE") if f.severity == "violation"}
