"""Variants of issue 10, point 14: addresses that the library accepts but that only look
right (letters of two alphabets), and what people copy along with an address (``mailto:``, an
invisible character), are named with what is wrong."""

from __future__ import annotations

from pathlib import Path

import pytest

from pipeline.errors import RosterError
from pipeline.round.roster import read_roster


def test_roster_addresses_that_only_look_right_are_named(tmp_path: Path) -> None:
    path = tmp_path / "projekte.csv"
    addresses = [
        "\u0430dmin@netz.example",  # a Cyrillic а
        "mailto:info@netz.example",
        "info@netz.example\u200b",  # a zero-width space copied from a web page
        "иван@netz.example",  # all Cyrillic before the @: a real address
        " INFO@Netz.Example\u00a0",  # blanks around it go, capitals stay as typed
    ]
    lines = ["project_id;project;organisation;email"]
    lines += [f"p{n:02d};Projekt {n};Träger {n};{a}" for n, a in enumerate(addresses, 1)]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    with pytest.raises(RosterError) as caught:
        read_roster(path, "en")
    assert str(caught.value).splitlines()[1:] == [
        "  row 2, column “email”: “\u0430dmin@netz.example” is not a valid e-mail address: it "
        "mixes letters of different alphabets that look alike (such as a Latin and a Cyrillic "
        "“a”); please type it again",
        "  row 3, column “email”: “mailto:info@netz.example” is not a valid e-mail address: "
        "please give only the address, without “mailto:”",
        "  row 4, column “email”: “info@netz.example\u200b” is not a valid e-mail address: it "
        "contains an invisible character (copied along with it); please type it again",
    ]
