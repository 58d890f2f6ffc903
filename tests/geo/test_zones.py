# SPDX-License-Identifier: EUPL-1.2
"""The declared zones: sectors, SAR regions, territorial seas, median line, TSS, ports."""

from __future__ import annotations

from importlib import resources

import numpy as np
import pytest
import yaml

from straitwatch.errors import ConfigurationError
from straitwatch.geo import distance_to_coast_m, load_zones, to_metric, zones

OFF_WIMEREUX = (50.772, 1.585)  # 1.5 km west of the beach
DOVER_HARBOUR = (51.118, 1.328)  # inside the Western Docks
MID_STRAIT = (50.99, 1.44)


def shipped_text() -> str:
    return resources.files("straitwatch.geo").joinpath("data", "zones.yaml").read_text("utf-8")


def test_a_point_off_wimereux_is_in_the_wimereux_sector_and_the_french_sar_region() -> None:
    z = zones()
    lat, lon = OFF_WIMEREUX
    assert z.departure_sector([lat], [lon]).tolist() == ["FR-WIM"]
    assert z.sar_region([lat], [lon]).tolist() == ["FR"]
    assert z.sar_coordinators([lat], [lon]) == [("CROSSGN",)]
    assert z.territorial_sea([lat], [lon]).tolist() == ["FR"]
    assert z.enforcement_agency([lat], [lon]).tolist() == ["PREMAR"]


def test_dover_harbour_is_uk_coast() -> None:
    z = zones()
    lat, lon = DOVER_HARBOUR
    assert z.arrival_sector([lat], [lon]).tolist() == ["UK-DOV"]
    assert z.departure_sector([lat], [lon]).tolist() == [""]
    assert abs(distance_to_coast_m([lat], [lon], "GB")[0]) < 2000
    assert z.uk_side([lat], [lon]).tolist() == [True]
    assert z.sar_coordinators([lat], [lon]) == [("HMCG",)]
    x_m, y_m = to_metric([lat], [lon])
    port, dist = z.nearest_port(x_m, y_m)
    assert port.tolist() == ["GBDVR"]
    assert dist[0] < 1000


def test_near_the_sar_boundary_both_coordination_centres_are_alerted() -> None:
    z = zones()
    assert set(z.sar_coordinators([MID_STRAIT[0]], [MID_STRAIT[1]])[0]) == {"HMCG", "CROSSGN"}
    # The region's own centre comes first.
    region = z.sar_region([MID_STRAIT[0]], [MID_STRAIT[1]])[0]
    first = z.sar_coordinators([MID_STRAIT[0]], [MID_STRAIT[1]])[0][0]
    assert first == {"UK": "HMCG", "FR": "CROSSGN"}[region]


def test_every_departure_sector_from_dunkirk_to_the_somme_is_named_in_order() -> None:
    z = zones()
    ids = [s.id for s in z.departure_sectors]
    assert 10 <= len(ids) <= 15
    assert ids[0] == "FR-DKE"
    assert ids[-1] == "FR-SOM"
    # Known beaches fall in the sector named after them.
    beaches = {
        "FR-GRV": (51.02, 2.09),
        "FR-SNG": (50.952, 1.77),
        "FR-WIS": (50.888, 1.655),
        "FR-BOU": (50.72, 1.57),
        "FR-EQH": (50.64, 1.565),
        "FR-BRK": (50.405, 1.555),
    }
    lat = [p[0] for p in beaches.values()]
    lon = [p[1] for p in beaches.values()]
    assert z.departure_sector(lat, lon).tolist() == list(beaches)


def test_territorial_seas_are_12_nm_and_split_at_the_median_line() -> None:
    z = zones()
    # 5 km off Folkestone; 5 km off Boulogne; 30 km south of Beachy Head (beyond 12 nm).
    lat = [51.035, 50.725, 50.46]
    lon = [1.19, 1.52, 0.25]
    assert z.territorial_sea(lat, lon).tolist() == ["GB", "FR", ""]
    # In the Strait the two seas meet at the median line: nothing in between.
    assert z.territorial_sea([MID_STRAIT[0]], [MID_STRAIT[1]]).tolist()[0] in {"GB", "FR"}


def test_the_median_line_separates_dover_from_calais() -> None:
    z = zones()
    assert z.uk_side([51.10, 50.96], [1.35, 1.85]).tolist() == [True, False]


def test_traffic_lanes_carry_the_right_direction() -> None:
    z = zones()
    # The south-west-bound lane lies on the English side, the north-east-bound on the French.
    assert z.tss_lane([51.03, 50.94], [1.40, 1.52]).tolist() == ["TSS-SW", "TSS-NE"]
    directions = {lane.id: lane.direction_deg for lane in z.tss_lanes}
    assert directions == {"TSS-SW": 225.0, "TSS-NE": 45.0}
    x_m, y_m = to_metric([51.03, 51.12], [1.40, 1.33])
    d = z.distance_to_tss_m(x_m, y_m)
    assert d[0] == 0.0
    assert d[1] > 3000  # Dover harbour is well clear of the scheme


def test_queries_answer_many_positions_at_once() -> None:
    z = zones()
    rng = np.random.default_rng(5)
    lat = rng.uniform(50.2, 51.3, 5000)
    lon = rng.uniform(0.5, 2.5, 5000)
    sectors = z.departure_sector(lat, lon)
    assert sectors.shape == (5000,)
    assert set(sectors.tolist()) <= {"", *(s.id for s in z.departure_sectors)}
    assert len(z.sar_coordinators(lat, lon)) == 5000


def _edited(change: str, to: str) -> str:
    text = shipped_text()
    assert change in text
    return text.replace(change, to, 1)


def test_a_limit_away_from_the_coast_is_refused_by_name() -> None:
    text = _edited("at: [50.8700, 1.5850]", "at: [50.8700, 1.4000]")
    with pytest.raises(ConfigurationError, match="Cap Gris-Nez"):
        load_zones(text)


def test_a_median_line_vertex_that_is_not_equidistant_is_refused() -> None:
    text = _edited("- [51.039, 1.543]", "- [51.080, 1.480]")
    with pytest.raises(ConfigurationError, match=r"median line vertex \(51.08, 1.48\)"):
        load_zones(text)


def test_a_missing_sector_name_is_refused() -> None:
    text = _edited("    - {id: FR-WIM, name: Wimereux}\n", "")
    with pytest.raises(ConfigurationError, match="15 limits make 14 sectors"):
        load_zones(text)


def test_duplicate_ids_and_unknown_fields_are_refused() -> None:
    with pytest.raises(ConfigurationError, match="duplicate zone ids: FR-WIM"):
        load_zones(_edited("{id: FR-BOU,", "{id: FR-WIM,"))
    with pytest.raises(ConfigurationError, match="colour"):
        load_zones(_edited("  inland_m: 4000", "  inland_m: 4000\n  colour: red"))


def test_sectors_that_overlap_are_refused() -> None:
    # Turn one limit's cross-line sharply so that its sector folds over the next one.
    text = _edited(
        "{name: Ambleteuse, at: [50.8070, 1.6030], seaward_deg: 275}",
        "{name: Ambleteuse, at: [50.8070, 1.6030], seaward_deg: 200}",
    )
    with pytest.raises(ConfigurationError, match="sector|overlap"):
        load_zones(text)


def test_the_shipped_file_is_plain_yaml_with_one_version() -> None:
    doc = yaml.safe_load(shipped_text())
    assert doc["version"] == 1
    assert doc["territorial_sea"]["breadth_m"] == pytest.approx(12 * 1852)
