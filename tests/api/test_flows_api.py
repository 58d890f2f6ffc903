# SPDX-License-Identifier: EUPL-1.2
"""``/api/flows``: the flows page's data over HTTP, on a store loaded with the published
files straitwatch ships; figures checked against the sources, bad parameters refused with
the parameter named, and only roles holding ``flows.read`` let in."""

from __future__ import annotations

import csv
import gzip
import shutil
from collections.abc import Iterator
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import func, select

from straitwatch.access.actor import system_actor
from straitwatch.api import create_app
from straitwatch.config import Settings
from straitwatch.flows import bundled_sources, load_sources, parse_source
from straitwatch.picture.live import Picture
from straitwatch.store.access import AuditEventRow
from straitwatch.store.alerts import AlertRow
from straitwatch.store.db import make_engine, transaction
from tests.api.conftest import PASSWORD, Server
from tests.conftest import REAL_DATA

FLOWS = REAL_DATA / "flows"


@pytest.fixture(scope="module")
def flows_server(
    seeded_store: tuple[Path, str], tmp_path_factory: pytest.TempPathFactory
) -> Iterator[TestClient]:
    """One server per module on a copy of the seeded store with the bundled flows data
    loaded (the routes only read it)."""
    store = tmp_path_factory.mktemp("flows") / "store.db"
    shutil.copyfile(seeded_store[0], store)
    engine = make_engine(f"sqlite:///{store}")
    with transaction(engine) as session:
        load_sources(session, system_actor(), [parse_source(p) for p in bundled_sources()])
    settings = Settings(env="test", secret_key="f" * 40, database_url=str(engine.url))
    with TestClient(create_app(settings, engine=engine, picture=Picture())) as client:
        yield client
    engine.dispose()


def _client(server: TestClient, username: str) -> TestClient:
    c = TestClient(server.app)
    r = c.post("/api/auth/login", json={"username": username, "password": PASSWORD})
    assert r.status_code == 200, r.text
    return c


@pytest.fixture(scope="module")
def analyst(flows_server: TestClient) -> TestClient:
    return _client(flows_server, "uk.analyst")


def _get(client: TestClient, path: str, **params: Any) -> Any:
    r = client.get(path, params=params)
    assert r.status_code == 200, r.text
    return r.json()


def _error(client: TestClient, path: str, status: int, **params: Any) -> dict[str, Any]:
    r = client.get(path, params=params)
    assert r.status_code == status, r.text
    body: dict[str, Any] = r.json()
    assert set(body) == {"error"} and set(body["error"]) == {"code", "message", "where"}
    return body["error"]


def test_summary_for_analyst(server: Server) -> None:
    r = server.as_user("uk.analyst").get("/api/flows/summary")
    assert r.status_code == 200, r.text
    assert {"years", "notes", "daily_from", "daily_to"} <= set(r.json())


def test_summary_needs_login(server: Server) -> None:
    assert server.client.get("/api/flows/summary").status_code == 401


def test_an_empty_store_says_what_to_do(server: Server) -> None:
    client = server.as_user("uk.analyst")
    assert client.get("/api/flows/summary").json()["daily_to"] is None
    error = _error(client, "/api/flows/arrivals", 404)
    assert "straitwatch flows load" in error["message"]


def test_yearly_arrivals_are_the_home_office_totals(analyst: TestClient) -> None:
    view = _get(analyst, "/api/flows/arrivals", by="year", **{"from": "2022-01-01"})
    years = {r["period"]: r for r in view["rows"]}
    # Home Office small-boat time series, published yearly totals (people, boats).
    assert (years["2022"]["migrants_arrived"], years["2022"]["boats_arrived"]) == (45_755, 1_110)
    assert (years["2023"]["migrants_arrived"], years["2023"]["boats_arrived"]) == (29_437, 602)
    assert years["2023"]["last_year_migrants"] == 45_755
    assert years["2023"]["yoy_change_pct"] == pytest.approx(
        100 * (29_437 - 45_755) / 45_755, abs=1e-4
    )
    assert years["2022"]["complete"] and not years["2026"]["complete"]  # data ends 2026-08-20
    summary = _get(analyst, "/api/flows/summary")
    assert {r["period"]: r["migrants_arrived"] for r in summary["years"]}["2022"] == 45_755


def test_arrivals_by_week_and_month_add_up_to_the_days(analyst: TestClient) -> None:
    span = {"from": "2022-01-01", "to": "2022-12-31"}
    months = _get(analyst, "/api/flows/arrivals", by="month", **span)["rows"]
    days = _get(analyst, "/api/flows/arrivals", by="day", **span)["rows"]
    assert len(months) == 12 and len(days) == 365
    assert sum(m["migrants_arrived"] for m in months) == 45_755
    assert sum(d["migrants_arrived"] for d in days) == 45_755
    weeks = _get(analyst, "/api/flows/arrivals", by="week", **span)["rows"]
    assert weeks[0]["period"] == "2021-W52" and not weeks[0]["complete"]  # Sat 1 Jan 2022
    assert sum(w["migrants_arrived"] for w in weeks) == 45_755
    august = next(m for m in months if m["period"] == "2022-08")
    assert august["people_per_boat"] == pytest.approx(
        august["migrants_arrived"] / august["boats_arrived"], abs=1e-4
    )


def test_the_week_headline_compares_with_last_week_and_last_year(analyst: TestClient) -> None:
    view = _get(analyst, "/api/flows/week", week="2025-W32")
    assert (view["week"]["people"], view["week"]["boats"]) == (1119, 19)
    assert view["last_week"]["label"] == "2025-W31"
    assert view["same_week_last_year"]["label"] == "2024-W32"
    for key in ("week", "last_week", "same_week_last_year"):
        w = view[key]
        days = _get(
            analyst, "/api/flows/arrivals", by="day", **{"from": w["start"], "to": w["end"]}
        )
        assert w["people"] == sum(d["migrants_arrived"] for d in days["rows"])
    latest = _get(analyst, "/api/flows/week")
    assert latest["week"]["label"] == "2026-W33" and latest["week"]["end"] == "2026-08-16"
    assert latest["week"]["prevention_share"] == pytest.approx(
        latest["week"]["prevented"] / (latest["week"]["prevented"] + latest["week"]["people"])
    )
    assert "French authorities" in latest["notes"]["prevention"]
    assert latest["deaths_latest_year"]["year"] == 2025  # IOM data runs to April 2025


def test_prevention_is_the_french_estimates(analyst: TestClient) -> None:
    years = {r["period"]: r for r in _get(analyst, "/api/flows/prevention", by="year")["rows"]}
    # Sums of the weekly French estimates as quoted in the reference figures.
    assert years["2024"]["migrants_prevented"] == 21_317
    assert years["2025"]["migrants_prevented"] == 22_476
    for row in years.values():
        total = row["migrants_prevented"] + row["migrants_arrived_same_weeks"]
        assert row["prevention_share"] == pytest.approx(row["migrants_prevented"] / total, abs=1e-4)
    view = _get(analyst, "/api/flows/prevention", by="week", **{"from": "2025-01-01"})
    assert "French authorities" in view["note"]
    assert sum(r["migrants_prevented"] for r in view["rows"] if r["period"] < "2026") == 22_476


def _iom_crossing_deaths(year: str) -> int:
    with (FLOWS / "iom_mmp_channel_area_incidents_2014-01_2025-04.csv").open() as f:
        return round(
            sum(
                float(row["dead_and_missing"] or 0)
                for row in csv.DictReader(f)
                if row["date"].startswith(year)
                and row["location_mentions_channel_crossing"] == "True"
            )
        )


def test_deaths_per_year_are_the_iom_incidents(analyst: TestClient) -> None:
    view = _get(analyst, "/api/flows/deaths")
    years = {r["period"]: r for r in view["rows"]}
    assert years["2024"]["channel_crossing"] == _iom_crossing_deaths("2024")
    assert years["2024"]["channel_crossing"] >= 78  # IOM: at least 78 dead in 2024
    assert view["data_to"] == "2025-04-18" and "IOM" in view["note"]
    months = _get(
        analyst, "/api/flows/deaths", by="month", **{"from": "2024-01-01", "to": "2024-12-31"}
    )
    assert sum(r["channel_crossing"] for r in months["rows"]) == years["2024"]["channel_crossing"]


def test_forecast_has_ordered_intervals_after_the_data(analyst: TestClient) -> None:
    view = _get(analyst, "/api/flows/forecast", days=7)
    people = view["migrants_arrived"]
    assert people["data_end"] == "2026-08-20"
    assert [d["date"] for d in people["daily"]] == [
        (date(2026, 8, 21) + timedelta(days=i)).isoformat() for i in range(7)
    ]
    for row in people["daily"] + people["total"]:
        assert 0 <= row["low95"] <= row["low80"] <= row["mean"] <= row["high80"] <= row["high95"]
    assert people["total"][-1]["mean"] == pytest.approx(
        sum(d["mean"] for d in people["daily"]), abs=1
    )
    assert len(_get(analyst, "/api/flows/forecast", days=28)["boats_arrived"]["daily"]) == 28


def _frontex_month(month: str) -> int:
    path = FLOWS / "frontex_monthly_ibc_by_route_nationality_2009-01_2025-04.csv.gz"
    with gzip.open(path, "rt") as f:
        return sum(int(r["detections"]) for r in csv.DictReader(f) if r["month"] == month)


def test_frontex_map_is_geojson_with_the_month_detections(analyst: TestClient) -> None:
    geo = _get(analyst, "/api/flows/frontex/map", month="2024-08")
    assert geo["type"] == "FeatureCollection" and geo["month"] == "2024-08"
    assert (geo["first_month"], geo["last_month"]) == ("2009-01", "2025-04")
    total = sum(f["properties"]["detections"] for f in geo["features"])
    assert total + sum(o["detections"] for o in geo["other"]) == _frontex_month("2024-08")
    central = next(f for f in geo["features"] if f["properties"]["short"] == "Central Med")
    assert central["geometry"]["type"] == "LineString" and central["properties"]["detections"] > 0
    assert _get(analyst, "/api/flows/frontex/map")["month"] == "2025-04"
    routes = _get(
        analyst, "/api/flows/frontex/routes", **{"from": "2024-08-01", "to": "2024-08-31"}
    )
    assert sum(r["detections"] for r in routes["rows"]) == _frontex_month("2024-08")
    years = _get(analyst, "/api/flows/frontex/routes", by="year", **{"from": "2024-01-01"})
    assert {r["period"] for r in years["rows"]} == {"2024", "2025"}


def test_nationalities_are_ranked(analyst: TestClient) -> None:
    view = _get(analyst, "/api/flows/nationalities", n=5)
    for rows in (view["small_boats"], view["frontex"]):
        assert len(rows) == 5
        counts = [r["detections"] for r in rows]
        assert counts == sorted(counts, reverse=True) and 0 < sum(r["share"] for r in rows) <= 1
    # Frontex gives ISO codes; the page shows names ('OOO', Frontex's own, stays a code).
    names = {r["nationality_iso3"]: r["nationality_name"] for r in view["frontex"]}
    assert names.pop("OOO", "OOO (Frontex code)") == "OOO (Frontex code)"
    assert all(name != code and "Frontex" not in name for code, name in names.items()), names


def test_patrol_plan_puts_every_unit_and_reports_coverage(analyst: TestClient) -> None:
    plan = _get(analyst, "/api/flows/patrol-plan", days=3, units=2)
    assert plan["days"] == ["2026-08-21", "2026-08-22", "2026-08-23"]
    assert len(plan["shifts"]) == 3
    assert sum(a["units"] for a in plan["assignments"]) == 3 * 3 * 2
    assert 0 < plan["coverage"] <= 1 and plan["coverage"] >= plan["baseline_even_spread_coverage"]
    assert "uniform" in plan["history_source"]  # no departure alerts in this store yet
    covered = sum(r["expected_covered"] for r in plan["summary"])
    assert covered == pytest.approx(plan["expected_covered"], abs=0.05)
    two = _get(analyst, "/api/flows/patrol-plan", days=1, units=1, shifts="early:00-12,late:12-24")
    assert two["shifts"] == ["early 00-12Z", "late 12-00Z"]
    assert sum(a["units"] for a in two["assignments"]) == 2


def test_patrol_plan_follows_the_observed_departures(
    flows_server: TestClient, analyst: TestClient
) -> None:
    with transaction(flows_server.app.state.engine) as session:
        for i in range(10):  # fictional departure alerts: Wimereux, 03:xx UTC
            session.add(
                AlertRow(
                    alert_id=f"DEP{i}",
                    type="departure",
                    state="resolved",
                    severity="warning",
                    time=datetime(2025, 8, 1 + i, 3, i, tzinfo=UTC),
                    lat=50.77,
                    lon=1.6,
                    track_id=f"T{i}",
                    routed_to=["CROSSGN"],
                    summary="Small boat leaving Wimereux",
                    detail={"sector": "FR-WIM", "sector_name": "Wimereux"},
                )
            )
    plan = _get(analyst, "/api/flows/patrol-plan", days=7, units=1)
    assert plan["history_source"] == "10 observed departures"
    night = [a for a in plan["assignments"] if a["shift"].startswith("night")]
    assert len(night) == 7 and {a["sector"] for a in night} == {"FR-WIM"}
    assert plan["coverage"] > plan["baseline_even_spread_coverage"]
    even = _get(analyst, "/api/flows/patrol-plan", days=7, units=1, history="uniform")
    assert "uniform" in even["history_source"] and even["coverage"] < plan["coverage"]


@pytest.mark.parametrize(
    ("path", "params", "where"),
    [
        ("/api/flows/arrivals", {"by": "fortnight"}, "query.by"),
        ("/api/flows/arrivals", {"from": "2022-13-01"}, "query.from"),
        ("/api/flows/arrivals", {"from": "2023-01-01", "to": "2022-01-01"}, "query.from"),
        ("/api/flows/prevention", {"by": "day"}, "query.by"),
        ("/api/flows/deaths", {"to": "yesterday"}, "query.to"),
        ("/api/flows/forecast", {"days": 0}, "query.days"),
        ("/api/flows/forecast", {"days": 29}, "query.days"),
        ("/api/flows/forecast", {"days": "many"}, "query.days"),
        ("/api/flows/frontex/routes", {"by": "week"}, "query.by"),
        ("/api/flows/frontex/map", {"month": "2024-13"}, "query.month"),
        ("/api/flows/frontex/map", {"month": "1999-01"}, "query.month"),
        ("/api/flows/nationalities", {"n": 0}, "query.n"),
        ("/api/flows/week", {"week": "2025-32"}, "query.week"),
        ("/api/flows/week", {"week": "2030-W01"}, "query.week"),
        ("/api/flows/patrol-plan", {"units": 0}, "query.units"),
        ("/api/flows/patrol-plan", {"days": 40}, "query.days"),
        ("/api/flows/patrol-plan", {"p": 1.5}, "query.p"),
        ("/api/flows/patrol-plan", {"shifts": "day:06-14"}, "query.shifts"),
        ("/api/flows/patrol-plan", {"shifts": "night:22-6am"}, "query.shifts"),
        ("/api/flows/patrol-plan", {"history": "rumour"}, "query.history"),
    ],
)
def test_bad_parameters_are_named(
    analyst: TestClient, path: str, params: dict[str, Any], where: str
) -> None:
    error = _error(analyst, path, 422, **params)
    assert error["code"] == "invalid_input" and error["where"] == where, error
    assert error["message"]


ROUTES = [
    "/api/flows/summary",
    "/api/flows/week",
    "/api/flows/arrivals",
    "/api/flows/prevention",
    "/api/flows/deaths",
    "/api/flows/forecast",
    "/api/flows/frontex/routes",
    "/api/flows/frontex/map",
    "/api/flows/nationalities",
    "/api/flows/patrol-plan",
]


def test_every_route_needs_login_and_flows_read(flows_server: TestClient) -> None:
    anonymous = TestClient(flows_server.app)
    dpo = _client(flows_server, "dpo")  # data protection officer: no flows.read
    for path in ROUTES:
        assert _error(anonymous, path, 401)["code"] == "not_authenticated"
        refused = _error(dpo, path, 403)
        assert refused["code"] == "not_allowed", refused
        assert "crossing flows" in refused["message"], refused  # the refusal says what, in words
    engine = flows_server.app.state.engine
    with transaction(engine) as session:
        denied = session.scalar(
            select(func.count())
            .select_from(AuditEventRow)
            .where(AuditEventRow.actor == "dpo", AuditEventRow.action == "access_denied")
        )
    assert denied == len(ROUTES)


def test_watch_officers_read_flows_too(flows_server: TestClient) -> None:
    assert _get(_client(flows_server, "fr.watch"), "/api/flows/week")["week"]["people"] >= 0


def test_the_dataset_is_read_once_per_load(flows_server: TestClient, analyst: TestClient) -> None:
    cache = flows_server.app.state.flows_cache
    before = cache.reads
    for path in ROUTES:
        _get(analyst, path)
    assert cache.reads == before
    engine = flows_server.app.state.engine
    with transaction(engine) as session:  # the same file again: a new load, nothing changed
        load_sources(session, system_actor(), [parse_source(bundled_sources()[0])])
    _get(analyst, "/api/flows/forecast", days=7)
    assert cache.reads == before + 1


def test_openapi_documents_the_flows_responses(flows_server: TestClient) -> None:
    doc = flows_server.get("/openapi.json").json()
    for path in ROUTES:
        ok = doc["paths"][path]["get"]["responses"]["200"]["content"]["application/json"]
        assert "$ref" in ok["schema"], path
    params = {p["name"] for p in doc["paths"]["/api/flows/arrivals"]["get"]["parameters"]}
    assert params == {"from", "to", "by"}


def test_fuzzed_flows_requests_never_fail_on_the_server(flows_server: TestClient) -> None:
    """Generated parameters (schemathesis, bounded) get data or a named 4xx, never a 5xx."""
    import schemathesis
    from hypothesis import HealthCheck, given, settings

    analyst = _client(flows_server, "uk.analyst")
    cookie = "; ".join(f"{k}={v}" for k, v in analyst.cookies.items())
    schema = schemathesis.openapi.from_asgi("/openapi.json", flows_server.app)
    operations = [r.ok() for r in schema.include(path_regex="^/api/flows/").get_all_operations()]
    assert len(operations) == len(ROUTES)
    statuses: list[int] = []
    for op in operations:

        @given(case=op.as_strategy())
        @settings(
            max_examples=6, deadline=None, database=None, suppress_health_check=list(HealthCheck)
        )
        def check(case: Any) -> None:
            res = case.call(headers={"Cookie": cookie})
            statuses.append(res.status_code)
            assert res.status_code < 500, (case.path, case.query, res.text)
            if res.status_code >= 400:
                assert set(res.json()["error"]) == {"code", "message", "where"}, res.text

        check()
    assert 401 not in statuses and statuses.count(200) >= len(ROUTES)  # signed in, data served
