# SPDX-License-Identifier: EUPL-1.2
"""FtM entities: extension schemata, E.164 phones refused loudly, provenance, handling
inherited from source reports, visibility, JSON lines round trip."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st
from sqlalchemy import Engine

from straitwatch.errors import InvalidInput, NotFound
from straitwatch.intel.dissemination import disseminate
from straitwatch.intel.entities import export_entities, get_entity, list_entities, load_entities
from straitwatch.intel.ftm import entity_from_dict, ftm_model, normalise_phone
from straitwatch.intel.reports import create_report
from straitwatch.store.db import transaction
from tests.intel.conftest import draft, person

FIXTURE = Path(__file__).parent / "fixtures" / "entities.jsonl"
UK = person("UKBF", name="uk.analyst")
FR = person("PREMAR", name="fr.analyst")
BE = person("BEFP", name="be.analyst")


def test_extension_schemata_are_part_of_the_model() -> None:
    engine = ftm_model()["OutboardEngine"]
    assert engine.is_a("Asset")
    assert ftm_model()["Vessel"].get("outboardEngines") is not None
    assert ftm_model()["Phone"].properties["number"].type.name == "phone"


@pytest.mark.parametrize(
    ("raw", "region", "e164"),
    [
        ("06 12 34 56 78", "FR", "+33612345678"),
        ("+44 7400 123456", None, "+447400123456"),
        ("030 1234567", "DE", "+49301234567"),
    ],
)
def test_phones_normalised_to_e164(raw: str, region: str | None, e164: str) -> None:
    assert normalise_phone(raw, region) == e164


def test_unparseable_phone_is_refused_not_dropped() -> None:
    data = {"id": "p", "schema": "Person", "properties": {"name": ["X"], "phone": ["0612345678"]}}
    with pytest.raises(InvalidInput, match="0612345678"):
        entity_from_dict(data)
    assert entity_from_dict(data, phone_region="FR").get("phone") == ["+33612345678"]
    with pytest.raises(InvalidInput, match="not a valid number"):
        normalise_phone("+33 1234", None)


def test_other_values_ftm_would_drop_are_refused() -> None:
    bad = {"id": "x", "schema": "Person", "properties": {"birthDate": ["not a date"]}}
    with pytest.raises(InvalidInput, match="birthDate"):
        entity_from_dict(bad)
    with pytest.raises(InvalidInput, match="no property"):
        entity_from_dict({"id": "x", "schema": "Person", "properties": {"shoeSize": ["9"]}})


@given(st.text(max_size=30))
def test_phone_normaliser_never_passes_garbage_silently(text: str) -> None:
    try:
        out = normalise_phone(text, "GB")
    except InvalidInput:
        return
    assert out.startswith("+") and out[1:].isdigit()


def test_import_provenance_handling_and_visibility(any_store: Engine) -> None:
    with transaction(any_store) as s:
        open_id = create_report(s, UK, draft(handling_code="H0")).id
        strict_id = create_report(s, UK, draft(title="Second (fictional)", handling_code="H2")).id
    lines = FIXTURE.read_text().splitlines()
    with transaction(any_store) as s:
        assert load_entities(s, UK, lines, report_id=open_id) == 5
        assert load_entities(s, UK, lines[:1], report_id=strict_id) == 1
    with transaction(any_store) as s:
        person_view = get_entity(s, UK, "uto-person-ozric-testmann")
    assert person_view["properties"]["phone"] == ["+33612345678"]
    assert person_view["handling"]["code"] == "H2"  # the strictest of its sources
    assert {p["report_id"] for p in person_view["provenance"]} == {open_id, strict_id}
    with transaction(any_store) as s:
        engine_view = get_entity(s, UK, "uto-engine-1")
    assert engine_view["handling"]["code"] == "H0"
    # France sees nothing until a report is disseminated to it, then only what it drew on.
    with transaction(any_store) as s, pytest.raises(NotFound):
        get_entity(s, FR, "uto-engine-1")
    with transaction(any_store) as s:
        disseminate(s, UK, open_id, ["PREMAR"])
    with transaction(any_store) as s:
        seen = get_entity(s, FR, "uto-person-ozric-testmann")
        assert seen["reports"] == [open_id]
        assert {p["report_id"] for p in seen["provenance"]} == {open_id}
        assert [e["id"] for e in list_entities(s, BE)] == []
        assert "uto-engine-1" in {e["id"] for e in list_entities(s, FR, "FM40")}


def test_bad_line_names_its_number_and_loads_nothing(store: Engine) -> None:
    lines = [*FIXTURE.read_text().splitlines()[:2], '{"id": "z", "schema": "Nope"}']
    with pytest.raises(InvalidInput, match="line 3"), transaction(store) as s:
        load_entities(s, UK, lines)
    with transaction(store) as s:
        assert list_entities(s, UK) == []


def test_export_round_trips_as_ftm_json_lines(store: Engine) -> None:
    with transaction(store) as s:
        rid = create_report(s, UK, draft(handling_code="H1")).id
        load_entities(s, UK, FIXTURE.read_text().splitlines(), report_id=rid)
    with transaction(store) as s:
        out = list(export_entities(s, UK))
    assert len(out) == 5
    first = json.loads(out[0])
    assert "judicial" in first["handling"]["banner"]
    for line in out:  # every exported line is a valid FtM entity for our model
        data = json.loads(line)
        assert entity_from_dict(data).to_dict()["properties"] == data["properties"]
