# SPDX-License-Identifier: EUPL-1.2
"""Rebuild ``src/straitwatch/intel/linkage/data/reference_name_keys.csv``: the share of
persons per name key among 30,000 fictional persons (seed 0), one record each, keys seen at
least twice.

    .venv/bin/python bench/linkage_reference.py
"""

import csv
import random

from straitwatch.intel.linkage.devset import _record
from straitwatch.intel.linkage.names import name_tokens
from straitwatch.intel.linkage.people import make_people
from straitwatch.intel.linkage.reference import count_reference
from straitwatch.intel.linkage.romanise import AGENCIES

rng = random.Random(0)
people = make_people(30000, rng)
names = []
for p in people:
    r = _record(p, rng.choice(AGENCIES), rng)
    names.append(name_tokens(r["given_name"]) + name_tokens(r["family_name"]))
ref = count_reference(names)
with open(
    "src/straitwatch/intel/linkage/data/reference_name_keys.csv", "w", newline="", encoding="utf-8"
) as fh:
    w = csv.writer(fh)
    w.writerow(["key", "share"])
    for k, v in ref.items():
        if v * 30000 >= 2:
            w.writerow([k, f"{v:.6g}"])
print(len(ref))
