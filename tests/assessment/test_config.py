# SPDX-License-Identifier: EUPL-1.2
"""The rules file is validated at load."""

from __future__ import annotations

from importlib import resources

import pytest

from straitwatch.assessment import load_rules_config, rules_config
from straitwatch.errors import ConfigurationError


def shipped() -> str:
    path = resources.files("straitwatch.assessment").joinpath("data", "rules.yaml")
    return path.read_text("utf-8")


def test_the_shipped_rules_load_and_route_to_partner_agencies() -> None:
    cfg = rules_config()
    assert cfg.departure.routed_to == ("PREMAR", "CROSSGN", "UKBF")
    assert cfg.distress.routed_to == ("@sar",)


@pytest.mark.parametrize(
    ("change", "to", "message"),
    [
        ("routed_to: [UKBF, HMCG]", "routed_to: [UKBF, NOPE]", "unknown agency NOPE"),
        ("min_speed_kn: 9.0", "min_speed_kn: -1", "dark_contact.min_speed_kn"),
        ("alert_score: 0.6", "alert_score: 0.6\n  mute: true", "distress.mute"),
        ('routed_to: ["@sar"]', "routed_to: [PREMAR]", "@sar"),
    ],
)
def test_bad_rules_are_refused_naming_the_field(change: str, to: str, message: str) -> None:
    text = shipped()
    assert change in text
    with pytest.raises(ConfigurationError, match=message):
        load_rules_config(text.replace(change, to, 1))
