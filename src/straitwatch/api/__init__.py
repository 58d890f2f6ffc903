# SPDX-License-Identifier: EUPL-1.2
"""The HTTP API and WebSocket stream (FastAPI): one router per resource in
:mod:`straitwatch.api.routers`, the shared dependencies in :mod:`straitwatch.api.deps`,
one error shape (:mod:`straitwatch.api.errors`).

The public surface: :func:`create_app`.
"""

from straitwatch.api.app import create_app

__all__ = ["create_app"]
