# SPDX-License-Identifier: EUPL-1.2
"""Screening the fictional demo intelligence: own records ranked, others' as hit/no-hit."""

from __future__ import annotations

from sqlalchemy import Engine

from straitwatch.intel.demo import seed_demo_intel
from straitwatch.intel.linkage.screening import PersonQuery, score_person, screen
from straitwatch.store.db import transaction
from tests.intel.conftest import person

UK = person("UKBF", name="uk.analyst")
FR = person("PREMAR", name="fr.analyst")
BE = person("BEFP", name="be.analyst")


def test_demo_screening_shows_own_record_and_only_a_hit_for_the_uk_one(store: Engine) -> None:
    with transaction(store) as s:
        seed_demo_intel(s, {"uk.analyst": UK, "fr.analyst": FR, "be.analyst": BE})
    query = PersonQuery(names=["Chwan Bakhnezi"], birth_dates=["16/06/1985"])
    with transaction(store) as s:
        fr = screen(s, FR, query, purpose="demo")
        uk = screen(s, UK, query, purpose="demo")
    assert [r["id"] for r in fr["results"] if r["match"]] == ["demo-person-chwan-bakhnezi-fr"]
    assert [h["agency"] for h in fr["hits"]] == ["UKBF"]
    assert "demo-person-shwan-bakhnezi" not in str(fr)
    uk_matches = {r["id"] for r in uk["results"] if r["match"]}
    assert uk_matches == {"demo-person-shwan-bakhnezi", "demo-person-chwan-bakhnezi-fr"}
    assert uk["hits"] == []


def test_a_name_alone_is_not_a_match_and_brothers_are_not_one_man() -> None:
    props = {"name": ["Shwan BAKHNEZI"], "birthDate": ["1985-06-16"]}
    alone, _ = score_person(PersonQuery(names=["Schwan Bachnesi"]), props)
    assert 0.3 < alone < 0.7
    same, bars = score_person(PersonQuery(["Sjwan Bachneezi"], ["16-06-1985"]), props)
    assert same >= 0.95 and [b["field"] for b in bars] == ["prior", "name", "dob"]
    brother, _ = score_person(PersonQuery(["Karwan Bakhnezi"], ["1985-06-16"]), props)
    assert brother < 0.5
