# SPDX-License-Identifier: EUPL-1.2
"""How the tracker is tuned: one frozen dataclass of documented defaults, and sensor models.

The defaults suit the Channel picture: coastal radars scanning every 2–4 s with 10–30 m
plots, AIS from everything over 15 m, and occasional sightings from patrols, drones and
aircraft. A live server and a file replay use the same :class:`TrackerConfig`; the
benchmark and the tests change only what their scenario needs.

>>> cfg = TrackerConfig(reorder_window_s=2.0)
>>> cfg.sensor_model("radar-dover", "radar").scanning
True
>>> cfg.sensor_model("ais-shore", "ais").confirm_hits
2
"""

from __future__ import annotations

from dataclasses import dataclass, field

from straitwatch.errors import ConfigurationError

__all__ = ["MotionModel", "ReacquireRule", "SensorModel", "TrackerConfig"]


@dataclass(frozen=True, slots=True)
class MotionModel:
    """One model of the IMM: its process noise and how long a vessel stays in it.

    A constant-velocity model has white acceleration noise of density ``q_m2ps3``
    (m²/s³). A *stationary* model (at anchor, moored, hove to) holds the position with
    a slow random walk of ``q_m2ps3`` read as m²/s, and no velocity: a ship at anchor
    reporting every three minutes keeps a tight gate instead of drifting on noise.
    ``sojourn_s`` is the mean time spent in the mode before switching.
    """

    q_m2ps3: float
    sojourn_s: float
    stationary: bool = False
    initial_weight: float = 1.0
    """Relative probability of this mode for a track's first observation."""


@dataclass(frozen=True, slots=True)
class SensorModel:
    """How the tracker treats one sensor's observations.

    A *scanning* sensor (a coastal radar) looks at its whole coverage every revisit, so a
    track inside the coverage that gets no plot has *missed* a scan: that drives M-of-N
    confirmation, coasting and the quick deletion of clutter tracks. A *reporting* sensor
    (AIS, a patrol sighting, plots replayed from reports) sends positions when it likes;
    silence means nothing, so its tracks confirm after ``confirm_hits`` reports and live by
    time alone.
    """

    scanning: bool
    revisit_s: float = 2.0
    """Scan period of a scanning sensor: each revisit without a plot is one missed scan."""
    confirm_hits: int = 3
    """Reports that confirm a track seen only by reporting sensors (ignored when scanning)."""
    coast_after_s: float = 5.0
    """A confirmed track with no hit for this long is ``coasting``."""
    timeout_s: float = 30.0
    """A confirmed track with no hit for this long (counted from this sensor's last hit) ends."""
    tentative_timeout_s: float = 10.0
    """A tentative track with no hit for this long ends."""
    timeout_reports: float = 0.0
    """If > 0: a track moving faster than ``slow_kn`` ends after this many of its own
    usual report intervals without a report (between ``coast_after_s`` and
    ``timeout_s``), so a ship that leaves is not kept for minutes, while one at anchor
    (reporting every 3 min) keeps the full ``timeout_s``."""


@dataclass(frozen=True, slots=True)
class ReacquireRule:
    """When a newly confirmed track is shown under the id of a track that ended there
    (:mod:`~straitwatch.tracking.reacquire`)."""

    window_s: float = 1800.0
    """Ended tracks are remembered this long: a ship at anchor reporting every 3 min
    needs three reports to confirm a new track, and a moored ship merged into its
    neighbour's track may be picked up again only when its plots next stray."""
    radius_m: float = 50.0
    """How far from the ended track's predicted position a new track may be (2.5 σ of
    a 20 m plot: on the Solent, half the re-acquisitions 50-100 m away and most beyond
    went to another vessel)..."""
    drift_mps: float = 0.05
    """...plus this much per second since the ended track's last state."""
    speed_tol_mps: float = 3.0
    """Largest difference of velocity (each track's estimate) still called alike."""
    max_remembered: int = 20_000
    """Cap on remembered ended tracks (oldest forgotten first): memory stays bounded."""


def _radar() -> SensorModel:
    return SensorModel(
        scanning=True, revisit_s=2.0, coast_after_s=5.0, timeout_s=20.0, tentative_timeout_s=10.0
    )


def _ais() -> SensorModel:
    # Class A ships at anchor report every 3 min: tracks must outlive that silence.
    return SensorModel(
        scanning=False,
        confirm_hits=2,
        coast_after_s=60.0,
        timeout_s=400.0,
        tentative_timeout_s=400.0,
        timeout_reports=4.0,
    )


def _sighting() -> SensorModel:
    # A sighting is a person reporting a boat: one is enough to confirm it.
    return SensorModel(
        scanning=False,
        confirm_hits=1,
        coast_after_s=120.0,
        timeout_s=900.0,
        tentative_timeout_s=900.0,
    )


def _imm() -> tuple[MotionModel, ...]:
    # A quiet mode for ships holding course, a manoeuvre mode for turns, speed changes
    # and small boats, and a stationary mode for ships at anchor or alongside; sojourn
    # times from typical Channel traffic (minutes, tens of seconds, a quarter hour).
    # A new contact is most likely under way; the stationary mode must earn its weight.
    # The stationary walk (8 m²/s: ~40 m in the 3 minutes between reports of a ship at
    # anchor) lets a ship swing round its anchor inside its gate; at 0.5 m²/s its track
    # tightened to ~8 m, fixes 100 m away started new tracks beside it, and on the Solent
    # without MMSI GOSPA was 6 % worse with more restarted tracks (bench/RESULTS.md).
    return (
        MotionModel(q_m2ps3=0.003, sojourn_s=120.0, initial_weight=0.6),
        MotionModel(q_m2ps3=0.3, sojourn_s=30.0, initial_weight=0.3),
        MotionModel(q_m2ps3=8.0, sojourn_s=900.0, stationary=True, initial_weight=0.1),
    )


@dataclass(frozen=True, slots=True)
class TrackerConfig:
    """Every tuning knob of :class:`~straitwatch.tracking.Tracker`, with its default."""

    motion: tuple[MotionModel, ...] = field(default_factory=_imm)
    """Models of the IMM; one model gives a plain constant-velocity Kalman filter."""
    gate_d2: float = 13.8
    """Mahalanobis gate (squared) for plots: χ²(2 dof) at 99.9 %."""
    tentative_cost_penalty: float = 2.0
    """Added to a tentative track's cost so confirmed tracks win close calls."""
    confirm_m: int = 3
    """M of M-of-N confirmation (scanning sensors)."""
    confirm_n: int = 4
    """N of M-of-N confirmation (scanning sensors)."""
    initial_speed_sigma_mps: float = 7.0
    """1-σ of each velocity component of a new track from a plot (≈ 14 kn)."""
    max_speed_kn: float = 40.0
    """Fastest craft expected (hovercraft, fast ferries); bounds the gating search."""
    slow_kn: float = 3.0
    """Below this a vessel may report only every 3 minutes (AIS class A at anchor)."""
    max_sigma_m: float = 3000.0
    """A track whose 1-σ position error grows past this ends (covariance deletion)."""
    reorder_window_s: float = 5.0
    """Observations are held this long so late ones can be put back in time order."""
    frame_span_s: float = 1.0
    """A sensor's observations within this span are associated together as one frame."""
    radar: SensorModel = field(default_factory=_radar)
    """Model for ``radar`` observations of sensors not named in ``sensors``."""
    ais: SensorModel = field(default_factory=_ais)
    """Model for ``ais`` observations of sensors not named in ``sensors``."""
    sighting: SensorModel = field(default_factory=_sighting)
    """Model for ``sighting`` observations of sensors not named in ``sensors``."""
    sensors: dict[str, SensorModel] = field(default_factory=dict)
    """Per-sensor overrides by ``sensor_id``."""
    ais_gate_d2: float = 18.5
    """Gate for binding a new MMSI to a track: χ²(4 dof, position and velocity) at 99.9 %."""
    ais_bias_sigma_m: float = 50.0
    """AIS antenna offset and latency against a radar centroid (up to half a ship's
    length), added when fusing AIS with radar."""
    ais_velocity_sigma_mps: float = 0.4
    """1-σ of an AIS velocity component, plus 5 % of speed over ground."""
    mismatch_gate_d2: float = 28.0
    """An AIS fix past this (χ²(2) at 99.9999 %) from its MMSI's track does not update it."""
    mismatch_min_m: float = 250.0
    """...and must also be this far off to flag ``identity_mismatch`` on a fused track."""
    mismatch_clear_reports: int = 3
    """Consecutive agreeing AIS fixes that clear ``identity_mismatch``."""
    ais_reinit_after: int = 3
    """Consecutive outlying fixes that move an AIS-only track to where AIS now says."""
    fused_recent_s: float = 60.0
    """Non-AIS support within this long makes a track's own position authoritative."""
    merge_radius_m: float = 300.0
    """Tracks closer than this are checked for being duplicates of one vessel."""
    merge_gate_d2: float = 18.5
    """An identified and an unidentified track whose states differ by less than this
    (χ²(4) 99.9 %, AIS offset allowed for) may be one vessel..."""
    merge_after_s: float = 6.0
    """...and are merged once they have agreed this long without sharing a frame."""
    anonymous_merge_gate_d2: float = 6.0
    """Two unidentified confirmed tracks closer than this (χ²(4) 80 %) may be one vessel
    whose plots alternate between them..."""
    anonymous_merge_after_s: float = 30.0
    """...and are merged once they have agreed this long without sharing a frame."""
    merge_fresh_s: float = 30.0
    """Duplicates are judged only while both tracks have had a hit this recently."""
    merge_interval_s: float = 2.0
    """How often duplicate tracks are looked for."""
    ais_stale_s: float = 400.0
    """A track whose last AIS fix is older than this is no longer ``ais_vessel``."""
    dark_after_s: float = 60.0
    """A moving contact seen this long without AIS is ``dark_contact``."""
    dark_after_stationary_s: float = 400.0
    """...and a contact under 1 kn this long (ships at anchor report AIS every 3 min)."""
    small_boat_max_length_m: float = 15.0
    """A contact reported shorter than this (radar or sighting ``length_m``) is a small boat."""
    small_boat_speed_kn: tuple[float, float] = (2.0, 12.0)
    """Sustained speed band of a dinghy crossing; a dark contact in it becomes ``small_boat``."""
    small_boat_after_s: float = 300.0
    """How long a dark contact must hold the small-boat speed band (its filtered speed, or
    the distance it made good over that time)."""
    reacquire: ReacquireRule = field(default_factory=ReacquireRule)
    """Re-acquisition of the ids of recently ended tracks."""
    emit_tentative: bool = False
    """Also emit updates of tentative tracks (``straitwatch track --all``)."""
    identity_cache_size: int = 100_000
    """AIS static data kept for this many MMSIs (least recently heard dropped first)."""

    def __post_init__(self) -> None:
        if not self.motion:
            raise ConfigurationError("tracker config: at least one motion model is needed")
        if not 1 <= self.confirm_m <= self.confirm_n <= 32:
            raise ConfigurationError("tracker config: need 1 <= confirm_m <= confirm_n <= 32")
        if self.reorder_window_s < 0 or self.frame_span_s < 0:
            raise ConfigurationError("tracker config: windows must not be negative")
        for m in self.motion:
            if m.q_m2ps3 <= 0 or m.sojourn_s <= 0 or m.initial_weight <= 0:
                raise ConfigurationError(
                    "tracker config: motion models need q > 0, sojourn > 0, initial weight > 0"
                )

    def sensor_model(self, sensor_id: str, kind: str) -> SensorModel:
        """The model for ``sensor_id``: its override, else the default for its ``kind``."""
        if sensor_id in self.sensors:
            return self.sensors[sensor_id]
        if kind == "ais":
            return self.ais
        if kind == "sighting":
            return self.sighting
        return self.radar
