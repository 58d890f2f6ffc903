# SPDX-License-Identifier: EUPL-1.2
"""The message catalogues: the server's gettext ``.po`` files and the browser's ICU
MessageFormat JSON files hold the same messages in English and French, every key the
pages use exists, and the language of a request is chosen as the user asked."""

from __future__ import annotations

import json
import re
from importlib.resources import files
from io import BytesIO
from pathlib import Path

import pytest
from babel.messages.pofile import read_po

from straitwatch.access.actions import Action
from straitwatch.access.actor import Role
from straitwatch.i18n import LANGUAGES, catalogue, choose_language

STATIC = Path(str(files("straitwatch.web"))) / "static"
PLACEHOLDER = re.compile(r"\{([a-z_]+)\}")
# ICU arguments: "{name, number, ...}", "{name, select, ...}", and a plain "{name}" that
# is not the text of a select/plural branch ("select, permit {allowed} other {...}": a
# branch key follows a comma or a closing brace).
TYPED_ARG = re.compile(r"\{\s*([A-Za-z_]\w*)\s*,")
PLAIN_ARG = re.compile(r"\{\s*([A-Za-z_]\w*)\s*\}")
BRANCH_KEY = re.compile(r"[,}]\s*[\w=]+\s*$")


def _args(message: str) -> set[str]:
    found = set(TYPED_ARG.findall(message))
    for m in PLAIN_ARG.finditer(message):
        if not BRANCH_KEY.search(message[: m.start()]):
            found.add(m.group(1))
    return found


def _po(language: str) -> dict[tuple[str | None, str], str]:
    path = files("straitwatch.i18n") / "locale" / language / "LC_MESSAGES" / "straitwatch.po"
    po = read_po(BytesIO(path.read_bytes()), locale=language)
    return {(m.context, str(m.id)): str(m.string) for m in po if m.id}


def _browser(language: str) -> dict[str, str]:
    data: dict[str, str] = json.loads((STATIC / "i18n" / f"{language}.json").read_text("utf-8"))
    return data


def test_server_catalogues_hold_the_same_messages() -> None:
    en, fr = _po("en"), _po("fr")
    assert en.keys() == fr.keys()
    for (context, msgid), text in fr.items():
        assert text, f"no French for {msgid!r}"
        # A pattern's translation may only use the values the message carries.
        assert set(PLACEHOLDER.findall(text)) <= set(PLACEHOLDER.findall(msgid)), msgid
        if context is None and en[(context, msgid)]:
            assert set(PLACEHOLDER.findall(en[(context, msgid)])) <= set(PLACEHOLDER.findall(msgid))


def test_every_role_and_action_has_words_in_both_languages() -> None:
    for language in LANGUAGES:
        po = _po(language)
        for role in Role:
            assert po.get(("role", str(role))), (language, role)
        for action in Action:
            assert po.get(("action", str(action))), (language, action)


def test_a_refusal_is_a_sentence_in_the_users_language() -> None:
    raw = "role dpo may not sensors.read"
    fr = catalogue("fr").translate(raw)
    en = catalogue("en").translate(raw)
    assert fr.startswith("Votre rôle (délégué à la protection des données)")
    assert "voir les capteurs" in fr and "demandez" in fr
    assert en.startswith("Your role (data protection officer) does not allow you to see")
    assert catalogue("fr").translate("something no catalogue knows") == (
        "something no catalogue knows"
    )


@pytest.mark.parametrize(
    ("cookie", "header", "expected"),
    [
        (None, None, "en"),
        (None, "fr-FR,fr;q=0.9,en;q=0.8", "fr"),
        (None, "de-DE,en;q=0.3,fr;q=0.7", "fr"),
        (None, "de-DE", "en"),
        ("en", "fr-FR", "en"),
        ("fr", "en-GB", "fr"),
        ("xx", "fr;q=oops,en;q=0.5", "en"),
    ],
)
def test_language_is_the_users_choice_then_the_browsers(
    cookie: str | None, header: str | None, expected: str
) -> None:
    assert choose_language(cookie=cookie, accept_language=header) == expected


def test_browser_catalogues_hold_the_same_keys_and_arguments() -> None:
    en, fr = _browser("en"), _browser("fr")
    assert sorted(en) == sorted(fr), set(en) ^ set(fr)
    for key in en:
        assert en[key].strip() and fr[key].strip(), key
        assert _args(en[key]) == _args(fr[key]), key


def test_every_key_the_pages_use_is_in_the_catalogues() -> None:
    en = _browser("en")
    used: set[str] = set()
    for path in [*STATIC.glob("*.js"), *STATIC.glob("*.html")]:
        text = path.read_text("utf-8")
        used |= set(re.findall(r"""sw\.t\(\s*["']([A-Za-z0-9_.]+)["']""", text))
        used |= set(re.findall(r"""\bt\(\s*["']([A-Za-z0-9_.]+)["']""", text))
        used |= set(re.findall(r'data-i18n="([A-Za-z0-9_.]+)"', text))
        for attrs in re.findall(r'data-i18n-attr="([^"]+)"', text):
            used |= {pair.split("=")[1].strip() for pair in attrs.split(";") if "=" in pair}
    assert used, "no page uses the catalogues"
    # "alert.type." + a.type: a prefix, completed by an enumeration (next test).
    missing = sorted(k for k in used if "." in k and not k.endswith(".") and k not in en)
    assert not missing, missing


def test_every_enumerated_value_the_pages_show_has_words() -> None:
    from straitwatch.assessment.alert import AlertState, AlertType, Outcome, Severity
    from straitwatch.tracking.track import TrackClass

    en = _browser("en")
    for prefix, values in [
        ("alert.type.", AlertType),
        ("alert.state.", AlertState),
        ("alert.severity.", Severity),
        ("outcome.", Outcome),
        ("role.", Role),
        ("class.", TrackClass),
        ("layer.", TrackClass),
    ]:
        for value in values:
            assert prefix + str(value) in en, prefix + str(value)


def test_every_behaviour_rule_and_summary_has_words_in_both_languages() -> None:
    from straitwatch.behaviour.alerts import _SUMMARY
    from straitwatch.behaviour.event import EventType
    from straitwatch.behaviour.preset import preset

    derived = {"min_duration_min", "min_gap_min", "preset"}
    for name in ("gfw", "channel"):
        p = preset(name)
        rules = {
            EventType.ENCOUNTER: p.encounter,
            EventType.LOITERING: p.loitering,
            EventType.AIS_GAP: p.ais_gap,
            EventType.AIS_SWITCH_OFF: p.ais_switch_off,
        }
        for event_type in EventType:
            thresholds = set(rules.get(event_type, p.identity).model_dump()) | derived
            for language in LANGUAGES:
                message = _browser(language)[f"rule.{event_type}"]
                # The page fills the message from the event's thresholds: none missing.
                assert _args(message) <= thresholds, (language, event_type)
    for language in LANGUAGES:
        words = catalogue(language)
        for event_type, summary in _SUMMARY.items():
            said = words.translate(summary.format(who="MMSI 235000001"))
            assert "MMSI 235000001" in said, (language, event_type)
            if language == "fr":
                assert said != summary.format(who="MMSI 235000001"), event_type
