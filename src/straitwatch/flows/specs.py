# SPDX-License-Identifier: EUPL-1.2
"""The published tables we load, declared as data: headers, kinds, keys.

One :class:`TableSpec` per table as its publisher lays it out. The Home Office workbook
and its CSV export carry the same figures under different headers, so each has its spec
and both land in the same columns.
"""

from __future__ import annotations

from straitwatch.flows.tabular import Field, TableSpec
from straitwatch.flows.tabular import FieldKind as K

__all__ = [
    "DAILY_CSV",
    "DAILY_SHEET",
    "FRONTEX",
    "IOM",
    "IRREGULAR",
    "REFERENCE",
    "WEEKLY_CSV",
    "WEEKLY_SHEET",
    "WORKBOOK_DAILY_SHEET",
    "WORKBOOK_WEEKLY_SHEET",
]

WORKBOOK_DAILY_SHEET = "SB_01"
WORKBOOK_WEEKLY_SHEET = "SB_02"

DAILY_SHEET = TableSpec(
    f"sheet {WORKBOOK_DAILY_SHEET} (daily arrivals)",
    (
        Field("Date", "day", K.DATE),
        Field("Migrants arrived", "migrants_arrived", K.COUNT),
        Field("Boats arrived", "boats_arrived", K.COUNT),
        Field(
            "Boats arrived - involved in uncontrolled landings",
            "boats_uncontrolled",
            K.COUNT,
            optional=True,
        ),
        Field("Notes", "notes", K.TEXT, optional=True),
    ),
    key=("day",),
)

WEEKLY_SHEET = TableSpec(
    f"sheet {WORKBOOK_WEEKLY_SHEET} (weekly arrivals and preventions)",
    (
        Field("Week ending", "week_ending", K.DATE),
        Field("Migrants arrived", "migrants_arrived", K.COUNT),
        Field("Boats arrived", "boats_arrived", K.COUNT),
        Field(
            "Boats arrived - involved in uncontrolled landings",
            "boats_uncontrolled",
            K.COUNT,
            optional=True,
        ),
        Field("Migrants prevented", "migrants_prevented", K.COUNT, optional=True),
        Field("Events prevented", "events_prevented", K.COUNT, optional=True),
        Field("Notes", "notes", K.TEXT, optional=True),
    ),
    key=("week_ending",),
)

DAILY_CSV = TableSpec(
    "Home Office daily small-boat arrivals (CSV of sheet SB_01)",
    (
        Field("date", "day", K.DATE),
        Field("migrants_arrived", "migrants_arrived", K.COUNT),
        Field("boats_arrived", "boats_arrived", K.COUNT),
        Field("boats_uncontrolled_landings", "boats_uncontrolled", K.COUNT, optional=True),
        Field("notes", "notes", K.TEXT, optional=True),
    ),
    key=("day",),
)

WEEKLY_CSV = TableSpec(
    "Home Office weekly small-boat arrivals and preventions (CSV of sheet SB_02)",
    (
        Field("week_ending", "week_ending", K.DATE),
        Field("migrants_arrived", "migrants_arrived", K.COUNT),
        Field("boats_arrived", "boats_arrived", K.COUNT),
        Field("boats_uncontrolled_landings", "boats_uncontrolled", K.COUNT, optional=True),
        Field("migrants_prevented", "migrants_prevented", K.COUNT, optional=True),
        Field("events_prevented", "events_prevented", K.COUNT, optional=True),
        Field("notes", "notes", K.TEXT, optional=True),
    ),
    key=("week_ending",),
)

FRONTEX = TableSpec(
    "Frontex monthly detections by route and nationality",
    (
        Field("month", "month", K.MONTH),
        Field("route", "route", K.TEXT),
        Field("type", "crossing_type", K.TEXT),
        Field("nationality_iso3", "nationality_iso3", K.TEXT),
        Field("detections", "detections", K.COUNT),
    ),
    key=("month", "route", "crossing_type", "nationality_iso3"),
)

IOM = TableSpec(
    "IOM Missing Migrants incidents (Channel area)",
    (
        Field("date", "incident_date", K.DATE),
        Field("type", "incident_type", K.TEXT),
        Field("country_iso3", "country_iso3", K.TEXT),
        Field("dead_and_missing", "dead_and_missing", K.COUNT),
        Field("survivors", "survivors", K.COUNT, optional=True),
        Field("cause", "cause", K.TEXT),
        Field("origin_iso3", "origin_iso3", K.TEXT),
        Field("location", "location", K.TEXT),
        Field("lat", "lat", K.NUMBER),
        Field("lon", "lon", K.NUMBER),
        Field("location_mentions_channel_crossing", "channel_crossing", K.FLAG),
    ),
)

IRREGULAR = TableSpec(
    "Home Office Irr_D01 irregular arrivals by nationality (quarterly)",
    (
        Field("Date", "quarter_end", K.DATE),
        Field("Method of entry", "method", K.TEXT),
        Field("Nationality", "nationality", K.TEXT),
        Field("Region", "region", K.TEXT),
        Field("Sex", "sex", K.TEXT),
        Field("Age Group", "age_group", K.TEXT),
        Field("Number of detections", "detections", K.COUNT),
    ),
    key=("quarter_end", "method", "nationality", "region", "sex", "age_group"),
)

REFERENCE = TableSpec(
    "published reference figures",
    (
        Field("topic", "topic", K.TEXT),
        Field("metric", "metric", K.TEXT),
        Field("period", "period", K.TEXT, optional=True),
        # Quoted as published: mostly numbers, sometimes "74 / 87".
        Field("value", "value", K.TEXT, optional=True),
        Field("unit", "unit", K.TEXT, optional=True),
        Field("publisher_of_figure", "publisher", K.TEXT),
        Field("source", "source", K.TEXT),
        Field("source_url", "source_url", K.TEXT, optional=True),
        Field("note", "note", K.TEXT, optional=True),
    ),
)
