# SPDX-License-Identifier: EUPL-1.2
"""Notes on an alert through the API: signed, timed, kept in order on open and resolved
alerts, pushed to the live picture and audited; an empty note is a 422 naming the field,
and whoever may not handle the alert cannot add one."""

from __future__ import annotations

from sqlalchemy import select

from straitwatch.store.access import AuditEventRow

from .conftest import Server
from .test_picture_api import store_alerts


def test_notes_are_kept_in_order_and_audited(server: Server) -> None:
    ids = store_alerts(server)
    fr = server.as_user("fr.watch")
    url = f"/api/alerts/{ids['distress']}/notes"
    first = fr.post(url, json={"text": "  SNSM Calais launched  "}).json()
    assert first["state"] == "new"  # a note changes nothing else
    fr.post(f"/api/alerts/{ids['distress']}/resolve", json={"outcome": "rescued"})
    last = fr.post(url, json={"text": "41 landed at Calais"}).json()
    notes = last["detail"]["notes"]
    assert [(n["by"], n["text"]) for n in notes] == [
        ("fr.watch", "SNSM Calais launched"),
        ("fr.watch", "41 landed at Calais"),
    ]
    assert notes[0]["at"] <= notes[1]["at"] and last["state"] == "resolved"
    live = {x["alert_id"]: x for x in server.picture.alerts()}
    assert len(live[ids["distress"]]["detail"]["notes"]) == 2

    empty = fr.post(url, json={"text": "   "})
    assert empty.status_code == 422 and "text" in str(empty.json()["error"])
    uk = server.as_user("uk.watch")  # the French departure alert is not routed to HMCG
    assert uk.post(f"/api/alerts/{ids['departure']}/notes", json={"text": "x"}).status_code == 404
    with server.engine.connect() as conn:
        changes = conn.execute(
            select(AuditEventRow.detail).where(
                AuditEventRow.action == "alert_change",
                AuditEventRow.resource_id == ids["distress"],
            )
        ).scalars()
        assert [d["change"] for d in changes].count("noted") == 2
