# SPDX-License-Identifier: EUPL-1.2
"""Every table of the product, imported so that :data:`metadata` is complete.

Alembic's ``env.py`` and the autogenerate check import this module; add each new area's
table module here.
"""

from __future__ import annotations

from straitwatch.store import access
from straitwatch.store import alerts as alerts
from straitwatch.store import documents as documents
from straitwatch.store import flows as flows
from straitwatch.store import intel as intel
from straitwatch.store import linkage as linkage
from straitwatch.store import network as network
from straitwatch.store import observations as observations
from straitwatch.store import tracks as tracks
from straitwatch.store.base import Base

__all__ = ["access", "metadata"]

metadata = Base.metadata
