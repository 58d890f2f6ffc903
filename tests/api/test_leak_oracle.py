# SPDX-License-Identifier: EUPL-1.2
"""The leak oracle (issue 13): random worlds of intelligence, every route, every user.

Hypothesis builds worlds through the API: reports from three agencies under random
handling codes (with conditions where the code needs them), attachments, entities whose
values are drawn from several reports (so one entity links sources of different
agencies), disseminations, permission requests approved or not, acknowledgements and
recalls. Every title, text, condition, attachment and entity value carries a unique
canary string.

Then every route of the OpenAPI document (enumerated from the app, so a new route is
covered without touching this file) and the WebSocket are called as every user, with path
parameters filled from the world (including other agencies' ids) and searches for every
canary. The oracle, written here independently of the code under test, says which
canaries each user may see; no response may contain another. For every id a user may not
see, each route answers exactly as for an id never used (status, body with the id
replaced, headers).

Bounded for CI: a handful of worlds of at most four reports. The figures (worlds,
requests, leaks) are printed and recorded in ``bench/RESULTS.md``. All people,
organisations and numbers are fictional (specimen state Utopia, UTO).
"""

from __future__ import annotations

import base64
import itertools
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st

from tests.api.test_intel_api import Api, build, report_body

AGENCIES = {"uk": "UKBF", "fr": "PREMAR", "be": "BEFP"}
# user -> (agency, role): the users of build() plus those added here.
USERS = {
    "uk.analyst": "UKBF",
    "fr.analyst": "PREMAR",
    "be.analyst": "BEFP",
    "dpo": None,  # no role to read intelligence
}
# Handling codes and what disseminating outside the provider needs (from the handling
# tables of the scales, written out here independently of the code).
CODES = {
    ("europol_4x4", "H0"): "permit",
    ("europol_4x4", "H1"): "permit",
    ("europol_4x4", "H2"): "permission",
    ("europol_4x4", "H3"): "conditions",
    ("uk_3x5x2", "P"): "permit",
    ("uk_3x5x2", "C"): "conditions",
    ("uk_5x5x5", "4"): "refuse",
}
PROBES: dict[tuple[str, str], dict[str, Any]] = {
    ("PATCH", "/api/reports/{report_id}"): {"json": {"changes": {"title": "x"}, "reason": "x"}},
    ("DELETE", "/api/reports/{report_id}"): {"params": {"reason": "x"}},
    ("POST", "/api/reports/{report_id}/disseminations"): {"json": {"to_agencies": ["BEFP"]}},
    ("POST", "/api/reports/{report_id}/acknowledgement"): {},
    ("POST", "/api/reports/{report_id}/handling"): {
        "json": {"scale": "europol_4x4", "code": "H0", "reason": "x"}
    },
    ("POST", "/api/reports/{report_id}/recall"): {
        "json": {"from_agencies": ["ALL"], "reason": "x"}
    },
    ("POST", "/api/permission-requests/{request_id}/approve"): {"json": {}},
    ("POST", "/api/permission-requests/{request_id}/refuse"): {"json": {"reason": "x"}},
}
SKIP = {("POST", "/api/auth/login"), ("POST", "/api/auth/logout")}
GHOST = {"report_id": "999999", "attachment_id": "999999", "request_id": "999999"}


@dataclass
class Report:
    id: int
    provider: str
    code: tuple[str, str]
    attachment: int
    title_canaries: list[str]
    read_canaries: list[str]
    granted: dict[str, bool] = field(default_factory=dict)  # agency -> acknowledged
    request: int | None = None


@dataclass
class Tally:
    worlds: int = 0
    requests: int = 0
    leaks: list[str] = field(default_factory=list)


reports_st = st.lists(
    st.tuples(
        st.sampled_from(sorted(AGENCIES)),  # provider
        st.sampled_from(sorted(CODES)),
        st.sets(st.sampled_from(["UKBF", "PREMAR", "BEFP"])),  # disseminate to
        st.booleans(),  # approve a permission request
        st.sets(st.sampled_from(["UKBF", "PREMAR", "BEFP"])),  # acknowledge
        st.sets(st.sampled_from(["UKBF", "PREMAR", "BEFP"])),  # recall from
        st.lists(st.integers(0, 2), max_size=2),  # entity pool slots drawn from it
    ),
    min_size=1,
    max_size=3,
)
SEARCHES = 6
"""Searches per user and world, for canaries the user may not see (bounded for CI)."""


class World:
    def __init__(self, api: Api, n: int) -> None:
        self.api, self.n, self.counter = api, n, itertools.count()
        self.reports: list[Report] = []
        self.entities: dict[str, list[tuple[str, int]]] = {}  # id -> [(canary, report)]

    def canary(self) -> str:
        return f"CANARY{self.n}Q{next(self.counter)}Z"

    def add(self, spec: tuple[Any, ...]) -> None:
        who, code, targets, approve, acks, recalls, slots = spec
        user, provider = f"{who}.analyst", AGENCIES[who]
        title, cond, body, fname, value = (self.canary() for _ in range(5))
        needs = CODES[code] == "conditions"
        pdf = base64.b64encode(f"%PDF-1.4 {self.canary()}".encode()).decode()
        made = self.api.call(
            user,
            "POST",
            "/api/reports",
            json=report_body(
                title=f"Fictional {title}",
                body=f"FICTIONAL {body}",
                handling_scale=code[0],
                handling_code=code[1],
                handling_conditions=f"Conditions {cond}" if needs else None,
                attachments=[{"filename": f"{fname}.pdf", "media_type": "", "content_base64": pdf}],
            ),
        )
        assert made.status_code == 201, made.text
        data = made.json()
        content = base64.b64decode(pdf).decode()[9:]
        rep = Report(
            data["id"],
            provider,
            code,
            data["attachments"][0]["id"],
            [title] + ([cond] if needs else []),
            [body, fname, content],
        )
        for slot in slots:
            eid = f"uto-w{self.n}-e{slot}"
            value = self.canary()
            line = {"id": eid, "schema": "Person", "properties": {"name": [value]}}
            r = self.api.call(
                user, "POST", "/api/entities", json={"entities": [line], "report_id": rep.id}
            )
            assert r.status_code == 201, r.text
            self.entities.setdefault(eid, []).append((value, rep.id))
            rep.read_canaries.append(value)
        to = sorted(targets - {provider})
        if to:
            out = self.api.call(
                user, "POST", f"/api/reports/{rep.id}/disseminations", json={"to_agencies": to}
            )
            effect = CODES[code]
            assert out.status_code == (403 if effect == "refuse" else 200), out.text
            if effect in ("permit", "conditions"):
                rep.granted = {a: not needs for a in to}
            elif effect == "permission":
                rep.request = out.json()["outcomes"][0]["request_id"]
                if approve and provider == "UKBF":  # the UK's second person decides
                    ok = self.api.call(
                        "uk.supervisor", "POST", f"/api/permission-requests/{rep.request}/approve"
                    )
                    assert ok.status_code == 200, ok.text
                    rep.granted = {a: True for a in to}
        for agency in sorted(acks & set(rep.granted)):
            if needs:
                reader = next(u for u, a in USERS.items() if a == agency)
                r = self.api.call(reader, "POST", f"/api/reports/{rep.id}/acknowledgement")
                assert r.status_code == 200, r.text
                rep.granted[agency] = True
        gone = sorted(recalls & set(rep.granted))
        if gone:
            r = self.api.call(
                user,
                "POST",
                f"/api/reports/{rep.id}/recall",
                json={"from_agencies": gone, "reason": "fictional recall"},
            )
            assert r.status_code == 200, r.text
            for agency in gone:
                del rep.granted[agency]
        self.reports.append(rep)

    # The oracle: what each user may see, from the world alone.
    def sight(self, user: str, rep: Report) -> int:
        agency = USERS[user]
        if agency is None:
            return 0
        if agency == rep.provider:
            return 2
        if agency in rep.granted:
            return 2 if rep.granted[agency] else 1
        return 0

    def allowed(self, user: str) -> set[str]:
        out: set[str] = set()
        for rep in self.reports:
            s = self.sight(user, rep)
            if s >= 1:
                out.update(rep.title_canaries)
            if s >= 2:
                out.update(rep.read_canaries)
        return out

    def canaries(self) -> set[str]:
        return {c for r in self.reports for c in r.title_canaries + r.read_canaries}


CANARY = re.compile(r"CANARY\d+Q\d+Z")


# Headers that differ on every request by design (length of the body compared apart, and the
# request id the server gives each request for its logs).
PER_REQUEST_HEADERS = {"content-length", "x-request-id"}


def check(world: World, tally: Tally, user: str, what: str, text: str) -> None:
    tally.requests += 1
    shown = set(CANARY.findall(text)) & world.canaries()
    leaked = shown - world.allowed(user)
    if leaked:
        tally.leaks.append(f"{user} saw {sorted(leaked)} via {what}")


def call(api: Api, tally: Tally, user: str, method: str, url: str, **kw: Any) -> Any:
    res = api.call(user, method, url, **kw)
    tally.requests += 1
    return res


def same(a: Any, b: Any, a_id: str, b_id: str) -> bool:
    headers = [{k: v for k, v in r.headers.items() if k not in PER_REQUEST_HEADERS} for r in (a, b)]
    return (
        a.status_code == b.status_code
        and a.text.replace(a_id, "ID") == b.text.replace(b_id, "ID")
        and headers[0] == headers[1]
    )


def sweep(api: Api, world: World, tally: Tally) -> None:
    paths = api.app.openapi()["paths"]
    for user in USERS:
        visible = {r.id for r in world.reports if world.sight(user, r)}
        hidden = sorted(world.canaries() - world.allowed(user))[:SEARCHES]
        for path, ops in paths.items():
            for method in ops:
                m = method.upper()
                if (m, path) in SKIP:
                    continue
                if user == "dpo" and path.startswith("/api/dpo/"):
                    # The DPO's subject-access workspace shows everything held about a
                    # subject by design (DPA 2018 Part 3 oversight), every use audited.
                    continue
                if m == "GET":
                    for url, query in urls(world, path, hidden):
                        res = call(api, tally, user, "GET", url, params=query)
                        check(world, tally, user, f"GET {url} {query}", res.text + str(res.headers))
                probe(api, world, tally, user, m, path, visible)
        with api.client.websocket_connect(
            "/api/stream", headers={"Authorization": f"Bearer {api.tokens[user]}"}
        ) as ws:
            check(world, tally, user, "WebSocket snapshot", ws.receive_text())


def urls(world: World, path: str, hidden: list[str]) -> Iterator[tuple[str, dict[str, str]]]:
    names = re.findall(r"\{(\w+)\}", path)
    if not names:
        if path == "/api/search" or path.startswith("/api/entities"):
            for canary in hidden:
                yield path, {"q": canary}
        if path != "/api/search":
            yield path, {}
        if path in ("/api/network", "/api/network/export"):
            # The graph with the reports behind it drawn as nodes (titles, handling codes).
            yield path, {"reports": "true"}
        return
    for rep in world.reports:
        values = {
            "report_id": str(rep.id),
            "attachment_id": str(rep.attachment),
            "request_id": str(rep.request or 1),
        }
        url = path
        for name in names:
            url = url.replace("{" + name + "}", values.get(name, "1"))
        yield url, {}
    if names == ["entity_id"]:
        for eid in world.entities:
            yield path.replace("{entity_id}", eid), {}


def probe(
    api: Api, world: World, tally: Tally, user: str, method: str, path: str, visible: set[int]
) -> None:
    """For every id the user may not see: the same answer as for an id never used."""
    names = re.findall(r"\{(\w+)\}", path)
    if not names or not (set(names) <= {"report_id", "attachment_id", "request_id", "entity_id"}):
        return
    kw = PROBES.get((method, path), {"json": {}} if method != "GET" else {})
    if names == ["entity_id"]:
        for eid, values in world.entities.items():
            if any(
                world.sight(user, r) == 2 for r in world.reports if r.id in {v[1] for v in values}
            ):
                continue
            ghost = eid[:-1] + "x"
            a = call(api, tally, user, method, path.replace("{entity_id}", eid), **kw)
            b = call(api, tally, user, method, path.replace("{entity_id}", ghost), **kw)
            if not same(a, b, eid, ghost):
                tally.leaks.append(f"{user}: {method} {path} tells {eid} from nothing")
        return
    for rep in world.reports:
        if "request_id" in names:
            if rep.request is None or USERS[user] == rep.provider:
                continue
        elif rep.id in visible:
            continue
        real = {
            "report_id": str(rep.id),
            "attachment_id": str(rep.attachment),
            "request_id": str(rep.request),
        }
        key = "request_id" if "request_id" in names else "report_id"
        if any(real[n] == real[key] for n in names if n != key):
            continue  # the id would be replaced twice in the answer: not comparable
        url_a, url_b = path, path
        for name in names:
            url_a = url_a.replace("{" + name + "}", real[name])
            url_b = url_b.replace("{" + name + "}", GHOST[name] if name == key else real[name])
        a = call(api, tally, user, method, url_a, **kw)
        b = call(api, tally, user, method, url_b, **kw)
        if not same(a, b, real[key], GHOST[key]):
            tally.leaks.append(
                f"{user}: {method} {path} tells {real[key]} from nothing: "
                f"{a.status_code} {a.text[:120]} / {b.status_code} {b.text[:120]}"
            )


@pytest.fixture
def api(tmp_path: Path) -> Iterator[Api]:
    yield from build(tmp_path)


def test_no_route_leaks_in_random_worlds(api: Api) -> None:
    tally = Tally()
    counter = itertools.count()

    @given(specs=reports_st)
    @settings(
        max_examples=3,
        deadline=None,
        # No shrinking: a world takes seconds, and a leak's message already names the
        # user, the route and the canaries.
        phases=(Phase.explicit, Phase.reuse, Phase.generate),
        database=None,
        suppress_health_check=list(HealthCheck),
    )
    def one_world(specs: list[tuple[Any, ...]]) -> None:
        world = World(api, next(counter))
        for spec in specs:
            world.add(spec)
        tally.worlds += 1
        sweep(api, world, tally)
        assert tally.leaks == [], tally.leaks[:5]

    one_world()
    print(
        f"leak oracle: {tally.worlds} worlds, {tally.requests} requests, {len(tally.leaks)} leaks"
    )
    assert tally.worlds >= 3 and tally.requests > 0 and tally.leaks == []
