# SPDX-License-Identifier: EUPL-1.2
"""Stone Soup 1.9 as the peer of straitwatch's tracker: GNN with 2-D assignment, same models.

Built from Stone Soup components as its tutorials do: a constant-velocity model (same
``q`` as our single-model configuration), Kalman predictor and updater, a
Mahalanobis ``DistanceHypothesiser`` gated at the same χ² value, ``GNNWith2DAssignment``,
``MultiMeasurementInitiator`` (M hits to confirm, dropped after the same run of misses)
and ``UpdateTimeStepsDeleter``. Plots are fed in the Channel frame (metres), each with
its own measurement model (its own σ), grouped per scan.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import numpy as np
from stonesoup.dataassociator.neighbour import GNNWith2DAssignment
from stonesoup.deleter.time import UpdateTimeDeleter, UpdateTimeStepsDeleter
from stonesoup.hypothesiser.distance import DistanceHypothesiser
from stonesoup.initiator.simple import MultiMeasurementInitiator
from stonesoup.measures import Mahalanobis
from stonesoup.models.measurement.linear import LinearGaussian
from stonesoup.models.transition.linear import (
    CombinedLinearGaussianTransitionModel,
    ConstantVelocity,
)
from stonesoup.predictor.kalman import KalmanPredictor
from stonesoup.tracker.simple import MultiTargetTracker
from stonesoup.types.detection import Detection
from stonesoup.types.state import GaussianState
from stonesoup.updater.kalman import KalmanUpdater


class _Feed:
    """A detector that yields what ``push`` was given (the tracker pulls one scan)."""

    def __init__(self) -> None:
        self.item: tuple[datetime, set[Detection]] | None = None

    def __iter__(self) -> _Feed:
        return self

    def __next__(self) -> tuple[datetime, set[Detection]]:
        assert self.item is not None
        item, self.item = self.item, None
        return item


class StoneSoupGNN:
    """One Stone Soup GNN tracker; ``step(time_s, xy, sigma)`` per scan."""

    def __init__(
        self,
        *,
        q: float,
        gate_d2: float,
        min_points: int,
        hold_misses: int | None,
        delete_steps: int | None,
        delete_after_s: float | None = None,
        hold_after_s: float | None = None,
        initial_speed_sigma_mps: float = 7.0,
    ) -> None:
        self.transition = CombinedLinearGaussianTransitionModel(
            [ConstantVelocity(q), ConstantVelocity(q)]
        )
        predictor = KalmanPredictor(self.transition)
        self._models: dict[float, LinearGaussian] = {}
        base_model = self._model(20.0)
        updater = KalmanUpdater(base_model)
        hyp = DistanceHypothesiser(
            predictor, updater, measure=Mahalanobis(), missed_distance=float(np.sqrt(gate_d2))
        )
        associator = GNNWith2DAssignment(hyp)
        sv2 = initial_speed_sigma_mps**2
        prior = GaussianState(np.zeros((4, 1)), np.diag([0.0, sv2, 0.0, sv2]))
        initiator = MultiMeasurementInitiator(
            prior_state=prior,
            measurement_model=None,
            deleter=(
                UpdateTimeStepsDeleter(hold_misses)
                if hold_misses is not None
                else UpdateTimeDeleter(timedelta(seconds=float(hold_after_s or 0.0)))
            ),
            data_associator=GNNWith2DAssignment(
                DistanceHypothesiser(
                    predictor,
                    updater,
                    measure=Mahalanobis(),
                    missed_distance=float(np.sqrt(gate_d2)),
                )
            ),
            updater=updater,
            min_points=min_points,
        )
        if delete_after_s is not None:
            deleter = UpdateTimeDeleter(timedelta(seconds=delete_after_s))
        else:
            assert delete_steps is not None
            deleter = UpdateTimeStepsDeleter(delete_steps)
        self._feed = _Feed()
        self.tracker = MultiTargetTracker(
            initiator=initiator,
            deleter=deleter,
            detector=self._feed,
            data_associator=associator,
            updater=updater,
        )
        self._iter = iter(self.tracker)

    def _model(self, sigma: float) -> LinearGaussian:
        key = round(float(sigma), 3)
        model = self._models.get(key)
        if model is None:
            model = LinearGaussian(4, (0, 2), np.diag([key**2, key**2]))
            self._models[key] = model
        return model

    def step(
        self, time_s: float, xy: np.ndarray, sigma: np.ndarray, times_s: np.ndarray | None = None
    ) -> None:
        when = datetime.fromtimestamp(time_s, UTC)
        dets = set()
        for k, ((x, y), s) in enumerate(zip(xy.tolist(), sigma.tolist(), strict=True)):
            t = when if times_s is None else datetime.fromtimestamp(float(times_s[k]), UTC)
            dets.add(Detection(np.array([[x], [y]]), timestamp=t, measurement_model=self._model(s)))
        self._feed.item = (when, dets)
        next(self._iter)

    def estimates_m(self, time_s: float) -> tuple[np.ndarray, np.ndarray]:
        """Confirmed track ids and positions predicted to ``time_s``."""
        tracks = list(self.tracker.tracks)
        if not tracks:
            return np.empty(0, np.intp), np.empty((0, 2))
        ids = np.array([id(t) for t in tracks], dtype=np.intp)
        xy = np.empty((len(tracks), 2))
        for i, tr in enumerate(tracks):
            st = tr.state
            dt = time_s - st.timestamp.timestamp()
            x = st.state_vector
            xy[i] = (float(x[0, 0]) + float(x[1, 0]) * dt, float(x[2, 0]) + float(x[3, 0]) * dt)
        return ids, xy
