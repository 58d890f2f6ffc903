# SPDX-License-Identifier: EUPL-1.2
"""The intelligence exchange between partners.

- :mod:`~straitwatch.intel.grading` — evaluation scales and handling codes as data,
  normalisation and per-direction translation; :mod:`~straitwatch.intel.handling` — what a
  handling code needs at dissemination;
- :mod:`~straitwatch.intel.reports` — graded reports (create, read, list, edit, handling);
  :mod:`~straitwatch.intel.dissemination` — dissemination and permission requests;
- :mod:`~straitwatch.intel.ftm` and :mod:`~straitwatch.intel.entities` — FollowTheMoney
  entities with provenance, E.164 phones, JSON lines import/export;
- :mod:`~straitwatch.intel.search`, :mod:`~straitwatch.intel.retention`,
  :mod:`~straitwatch.intel.subject` — search, retention and the subject trail.

What an actor may see is decided once, by :mod:`straitwatch.access.visibility`; other
access by :func:`straitwatch.access.policy.allowed` (rules in ``access/intel_rules.py``);
every read, disclosure, edit and erasure is an audit event.
Submodules are imported where used: nothing is loaded here.
"""

__all__ = [
    "dissemination",
    "entities",
    "entity_import",
    "ftm",
    "grading",
    "handling",
    "reports",
    "retention",
    "search",
    "subject",
    "withdrawal",
]
