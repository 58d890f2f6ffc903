# SPDX-License-Identifier: EUPL-1.2
"""Which detected lines are recognised first: the MRZ block, found by shape alone."""

from __future__ import annotations

import numpy as np
from numpy.typing import NDArray

from straitwatch.documents.rapid import _looks_complete, _mrz_block


def box(top: float, width: float, height: float = 20.0) -> NDArray[np.float64]:
    """A line's four corners (clockwise from top left), 10 px from the left edge."""
    return np.array(
        [[10, top], [10 + width, top], [10 + width, top + height], [10, top + height]],
        dtype=np.float64,
    )


def test_the_lowest_run_of_equal_lines_is_the_mrz_block() -> None:
    # A passport page: a wide title line, name lines, then the two MRZ lines at the bottom.
    lines = [box(10, 560), box(60, 300), box(100, 320), box(300, 540), box(330, 541)]
    assert _mrz_block(lines) == [3, 4]


def test_three_equal_lines_make_a_td1_block_and_no_run_means_every_line() -> None:
    card = [box(10, 200), box(200, 400), box(225, 402), box(250, 399)]
    assert _mrz_block(card) == [1, 2, 3]
    ragged = [box(10, 200), box(50, 400), box(90, 300)]
    assert _mrz_block(ragged) == [0, 1, 2]


def test_only_a_whole_mrz_shape_is_complete() -> None:
    assert _looks_complete(["X" * 44, "Y" * 44])
    assert _looks_complete(["TITLE", "X" * 36, "Y" * 36])
    assert _looks_complete(["A" * 30] * 3)
    assert not _looks_complete(["A" * 30] * 2)  # TD1 has three lines
    assert not _looks_complete(["X" * 44, "Y" * 43])  # a line cut: read the rest too
