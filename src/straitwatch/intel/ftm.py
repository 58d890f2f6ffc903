# SPDX-License-Identifier: EUPL-1.2
"""FollowTheMoney entities for intelligence: FtM's model plus our declared extension
schemata (``data/ftm_extensions.yaml``: outboard engines, phones), E.164 phone numbers,
and strict parsing of FtM JSON lines.

FtM drops values it cannot clean without a word (a phone number it cannot parse simply
vanishes). Here every phone value is normalised to E.164 first and refused loudly if it
is not a valid number, and any other value FtM would drop is refused as well.

>>> normalise_phone("06 12 34 56 78", region="FR")
'+33612345678'
>>> entity_from_dict({"id": "eng-1", "schema": "OutboardEngine",
...                   "properties": {"serialNumber": ["YMH-0001"]}}).caption
'YMH-0001'
"""

from __future__ import annotations

import os
from functools import cache
from importlib import resources
from typing import Any

import phonenumbers
from followthemoney.exc import InvalidData
from followthemoney.model import Model
from followthemoney.proxy import EntityProxy
from followthemoney.schema import Schema
from followthemoney.types import registry

from straitwatch.errors import ConfigurationError, InvalidInput

__all__ = [
    "MAX_VALUES",
    "MAX_VALUE_CHARS",
    "entity_from_dict",
    "ftm_model",
    "normalise_phone",
    "schema",
]


@cache
def ftm_model() -> Model:
    """FtM's built-in schemata plus ours, generated once (FtM's singleton is left alone)."""
    import followthemoney

    builtin = os.path.join(os.path.dirname(followthemoney.__file__), "schema")
    model = Model.__new__(Model)
    model.path, model.schemata, model.properties, model.qnames = builtin, {}, set(), {}
    try:
        # Model(path) reads one folder; ours is loaded beside it the same way.
        for name in sorted(os.listdir(builtin)):
            model._load(os.path.join(builtin, name))
        ours = resources.files("straitwatch.intel").joinpath("data", "ftm_extensions.yaml")
        with resources.as_file(ours) as path:
            clash = set(model.schemata)
            model._load(str(path))
        model.generate()
    except (InvalidData, KeyError, TypeError, ValueError) as exc:
        raise ConfigurationError(f"ftm_extensions.yaml: {exc}") from exc
    if clash & set(_extension_names()):
        raise ConfigurationError("ftm_extensions.yaml redefines a built-in FtM schema")
    return model


def _extension_names() -> list[str]:
    import yaml

    text = resources.files("straitwatch.intel").joinpath("data", "ftm_extensions.yaml")
    return list(yaml.safe_load(text.read_text("utf-8")))


def schema(name: str) -> Schema:
    """The schema called ``name``, or :class:`InvalidInput`."""
    found = ftm_model().get(name)
    if found is None or found.abstract:
        raise InvalidInput(f"unknown or abstract FtM schema {name!r}", where="schema")
    return found


def normalise_phone(value: str, region: str | None = None) -> str:
    """E.164 form of a phone number, or :class:`InvalidInput` saying why.

    A number without ``+`` needs the region it is dialled in (ISO 3166 alpha-2).
    """
    try:
        parsed = phonenumbers.parse(value, region.upper() if region else None)
    except phonenumbers.NumberParseException as exc:
        hint = "" if region or value.strip().startswith("+") else " (no +country code, no region)"
        raise InvalidInput(f"phone number {value!r} cannot be read: {exc}{hint}") from exc
    if not phonenumbers.is_valid_number(parsed):
        raise InvalidInput(f"phone number {value!r} is not a valid number")
    return str(phonenumbers.format_number(parsed, phonenumbers.PhoneNumberFormat.E164))


def _region(props: dict[str, list[str]], default: str | None) -> str | None:
    countries = {c.upper() for c in props.get("country", []) + props.get("jurisdiction", [])}
    return countries.pop() if len(countries) == 1 else default


MAX_VALUE_CHARS = 1000
"""The longest property value accepted (the ``intel_entity_values.value`` column)."""
MAX_VALUES = 500
"""The most values one entity may carry in one import line."""


def entity_from_dict(data: Any, *, phone_region: str | None = None) -> EntityProxy:
    """Build an entity from an FtM dict, normalising phones and refusing any lost value."""
    if not isinstance(data, dict):
        raise InvalidInput("an entity must be a JSON object")
    eid = data.get("id")
    if not isinstance(eid, str) or not eid.strip() or len(eid) > 128:
        raise InvalidInput("entity id is missing or longer than 128 characters", where="id")
    sch = schema(str(data.get("schema", "")))
    raw = data.get("properties") or {}
    if not isinstance(raw, dict):
        raise InvalidInput("properties must be an object", where="properties")
    props: dict[str, list[str]] = {}
    for key, values in raw.items():
        if key not in sch.properties:
            raise InvalidInput(f"{sch.name} has no property {key!r}", where=f"properties.{key}")
        items = values if isinstance(values, list) else [values]
        props[key] = [str(v) for v in items if v is not None and str(v).strip()]
        if any("\x00" in v for v in props[key]):
            raise InvalidInput("a value contains a NUL character", where=f"properties.{key}")
        if any(len(v) > MAX_VALUE_CHARS for v in props[key]):
            raise InvalidInput(
                f"a value is longer than {MAX_VALUE_CHARS} characters", where=f"properties.{key}"
            )
    if sum(len(v) for v in props.values()) > MAX_VALUES:
        raise InvalidInput(f"more than {MAX_VALUES} values in one entity", where="properties")
    region = _region(props, phone_region)
    for key, values in props.items():
        if sch.properties[key].type == registry.phone:
            props[key] = [normalise_phone(v, region) for v in values]
    proxy = EntityProxy(sch, {"id": eid.strip(), "properties": {}})
    for key, values in props.items():
        for value in values:
            added = proxy.unsafe_add(sch.properties[key], value)
            if added is None:
                raise InvalidInput(
                    f"value {value!r} is not a valid {sch.properties[key].type.name}",
                    where=f"properties.{key}",
                )
    return proxy
