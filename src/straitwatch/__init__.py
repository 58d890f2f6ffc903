# SPDX-License-Identifier: EUPL-1.2
"""straitwatch: joint border-operations platform for the English Channel.

The package is laid out as ``../shared/DESIGN.md`` ("The house") draws it; a layer
only imports layers below it. Importing the package does no work.
"""

__all__ = ["__version__"]

__version__ = "0.1.0"
