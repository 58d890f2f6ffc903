# SPDX-License-Identifier: EUPL-1.2
"""Why two records were linked: the per-field match weights of a scored pair (a waterfall).

Splink gives each scored pair, per comparison, the level it fell in (``gamma_*``) and that
level's match weight in bits (``mw_*``, log2 of its Bayes factor, with ``mw_tf_adj_*`` for a
term-frequency adjustment). :func:`waterfall` turns that into the bars an analyst reads,
starting from the prior: each bar names the field, the level ("same date", "first names
differ"...) and its weight; the bars add up to the pair's ``match_weight``.

>>> bars = waterfall({"match_weight": -12.6, "gamma_sex": 1, "mw_sex": 0.4})
>>> [(b["field"], b["level"], round(b["match_weight"], 2)) for b in bars]
[('prior', 'two records picked at random', -13.0), ('sex', 'same sex', 0.4)]
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from functools import cache
from typing import Any

from straitwatch.intel.linkage.model import OPTIONAL_FEATURES, comparisons

__all__ = ["level_labels", "waterfall"]


@cache
def level_labels() -> dict[str, dict[int, str]]:
    """``field -> gamma value -> level label`` for every comparison of the model."""
    out: dict[str, dict[int, str]] = {}
    for comp in comparisons(OPTIONAL_FEATURES):
        levels = comp["comparison_levels"]
        labels: dict[int, str] = {}
        ranked = [lv for lv in levels if not lv.get("is_null_level")]
        for i, lv in enumerate(ranked):
            labels[len(ranked) - 1 - i] = str(lv["label_for_charts"])
        labels[-1] = "not known on one side"
        out[str(comp["output_column_name"])] = labels
    return out


def _number(value: Any) -> float | None:
    if value is None:
        return None
    try:
        x = float(value)
    except (TypeError, ValueError):
        return None
    return None if math.isnan(x) else x


def waterfall(pair: Mapping[str, Any]) -> list[dict[str, Any]]:
    """The bars of one scored pair (a row of Splink's predictions), prior first."""
    bars: list[dict[str, Any]] = []
    for field, labels in level_labels().items():
        gamma = _number(pair.get(f"gamma_{field}"))
        weight = _number(pair.get(f"mw_{field}"))
        if gamma is None or weight is None:
            continue
        weight += _number(pair.get(f"mw_tf_adj_{field}")) or 0.0
        level = labels.get(int(gamma), str(int(gamma)))
        bars.append({"field": field, "level": level, "match_weight": weight})
    total = _number(pair.get("match_weight")) or 0.0
    prior = total - sum(b["match_weight"] for b in bars)
    head = {"field": "prior", "level": "two records picked at random", "match_weight": prior}
    return [head, *bars]
