# SPDX-License-Identifier: EUPL-1.2
"""Entity resolution for persons across agencies (who is who).

- :mod:`~straitwatch.intel.linkage.names` — romanisation-independent name keys;
  :mod:`~straitwatch.intel.linkage.fields` — dates, sex, nationality and phones as agencies
  write them; :mod:`~straitwatch.intel.linkage.prepare` — records to comparable features;
- :mod:`~straitwatch.intel.linkage.model` — the Splink model as data (one table of comparisons,
  blocking, default threshold); :mod:`~straitwatch.intel.linkage.training` — its m
  probabilities estimated on labelled development sets;
  :mod:`~straitwatch.intel.linkage.engine` — scoring with Splink (DuckDB) and
  :mod:`~straitwatch.intel.linkage.clustering` — clusters without chaining;
- :mod:`~straitwatch.intel.linkage.namescore` — the fast name-pair scorer;
- :mod:`~straitwatch.intel.linkage.devset` (with ``people`` and ``romanise``) — fictional
  four-agency development sets with their truth.

Submodules are imported where used: nothing is loaded here.
"""

__all__ = [
    "clustering",
    "devset",
    "engine",
    "fields",
    "model",
    "names",
    "namescore",
    "people",
    "prepare",
    "romanise",
    "training",
]
