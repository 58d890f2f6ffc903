# SPDX-License-Identifier: EUPL-1.2
"""The m probabilities are estimated from labelled development sets, not written by hand."""

from __future__ import annotations

import pytest

from straitwatch.intel.linkage.model import COMPARISONS, m_probabilities
from straitwatch.intel.linkage.training import TRAINING_SEEDS, estimate_m


def test_training_seeds_are_not_the_benchmark_seeds() -> None:
    assert not set(TRAINING_SEEDS) & {1, 2, 3, 4, 5}


def test_every_level_gets_a_positive_m_summing_to_one() -> None:
    m = estimate_m((7,), n_persons=150)
    for comp in COMPARISONS:
        levels = m[comp.field]
        assert set(levels) == {label for label, _ in comp.levels}
        assert all(v > 0 for v in levels.values())
        assert sum(levels.values()) == pytest.approx(1.0, abs=1e-4)


def test_the_stored_m_probabilities_are_what_training_estimates() -> None:
    stored = m_probabilities()
    estimated = estimate_m()
    for comp in COMPARISONS:
        assert estimated[comp.field] == pytest.approx(stored[comp.field], abs=2e-6)
