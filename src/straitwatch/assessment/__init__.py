# SPDX-License-Identifier: EUPL-1.2
"""Assessment: rules that turn tracks and sightings into the alerts an operations room acts
on, and the alert lifecycle.

The public surface: :class:`Assessor` / :func:`step` (the pure step: track updates and
sightings in, :class:`AssessmentOutput` out), :class:`Alert` and its enums, the rules'
configuration (:func:`rules_config`, ``assessment/data/rules.yaml``), :class:`Weather`,
and the lifecycle service in :mod:`straitwatch.assessment.lifecycle`.

>>> from straitwatch.assessment import Assessor
>>> out = Assessor().step([])
>>> out.raised
[]
"""

from straitwatch.assessment.alert import Alert, AlertState, AlertType, Outcome, Severity
from straitwatch.assessment.config import RulesConfig, load_rules_config, rules_config
from straitwatch.assessment.memory import AssessmentState
from straitwatch.assessment.passage import RuleContext
from straitwatch.assessment.routing import route
from straitwatch.assessment.step import AssessmentOutput, Assessor, step
from straitwatch.assessment.weather import SeaState, Weather

__all__ = [
    "Alert",
    "AlertState",
    "AlertType",
    "AssessmentOutput",
    "AssessmentState",
    "Assessor",
    "Outcome",
    "RuleContext",
    "RulesConfig",
    "SeaState",
    "Severity",
    "Weather",
    "load_rules_config",
    "route",
    "rules_config",
    "step",
]
