# SPDX-License-Identifier: EUPL-1.2
"""The data-protection officer's workspace (DPA 2018 s.62, Part 3 ch. 3; Directive
2016/680 art. 14-17): find a data subject, see everything done with their data, export it
as a signed file, review due dates and erasure, refused-access attempts. Only the ``dpo``
role may use it, and every use is itself audited."""

from straitwatch.dpo.export import signed_export, verify_export
from straitwatch.dpo.workspace import (
    erase_subject,
    find_subjects,
    refusals,
    retention_reviews,
    subject_file,
)

__all__ = [
    "erase_subject",
    "find_subjects",
    "refusals",
    "retention_reviews",
    "signed_export",
    "subject_file",
    "verify_export",
]
