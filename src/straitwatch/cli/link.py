# SPDX-License-Identifier: EUPL-1.2
"""``straitwatch link``: who is who across agency files (records) and name-pair scoring."""

from __future__ import annotations

import csv
import sys
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING

import typer

from straitwatch.cli import context
from straitwatch.errors import InvalidInput

if TYPE_CHECKING:
    import pandas as pd

    from straitwatch.intel.linkage.engine import LinkResult
    from straitwatch.intel.linkage.prepare import Rejection

__all__ = ["app"]

app = typer.Typer(
    help=(
        "Entity resolution of person records across agencies, and name-pair scoring.\n\n"
        "Example: straitwatch link records uk.csv fr.csv --out clusters.csv"
    ),
    no_args_is_help=True,
)

_REQUIRED = ("record_id", "agency", "given_name", "family_name")


def _read_records(paths: list[Path]) -> tuple[pd.DataFrame, list[tuple[Path, int]]]:
    import pandas as pd

    from straitwatch.intel.linkage.prepare import INPUT_COLUMNS, OPTIONAL_COLUMNS

    columns = INPUT_COLUMNS + OPTIONAL_COLUMNS
    frames = []
    origin: list[tuple[Path, int]] = []
    for path in paths:
        try:
            frame = pd.read_csv(path, dtype=str, keep_default_na=False, encoding="utf-8")
        except (OSError, UnicodeDecodeError, pd.errors.ParserError) as exc:
            raise InvalidInput(f"cannot read {path}: {exc}") from exc
        missing = [c for c in _REQUIRED if c not in frame.columns]
        if missing:
            raise InvalidInput(f"{path}: missing column(s) {', '.join(missing)}")
        for col in columns:
            if col not in frame.columns:
                frame[col] = ""
        frames.append(frame[list(columns)])
        origin += [(path, line) for line in range(2, len(frame) + 2)]  # line 1 is the header
    return pd.concat(frames, ignore_index=True), origin


def _dead_letter(rejected: list[Rejection], origin: list[tuple[Path, int]]) -> None:
    import io

    from straitwatch.intel.linkage.prepare import INPUT_COLUMNS
    from straitwatch.store.db import transaction
    from straitwatch.store.observations import DeadLetterRow

    now = datetime.now(UTC)
    with transaction(context.engine()) as session:
        for r in rejected:
            path, line = origin[r.row - 1]
            buf = io.StringIO()
            csv.writer(buf).writerow([r.raw[c] for c in INPUT_COLUMNS])
            session.add(
                DeadLetterRow(
                    refused_at=now,
                    reason="invalid_record",
                    message=f"{r.field}: {r.reason}",
                    feed=str(path),
                    line_no=line,
                    format="person_csv",
                    raw=buf.getvalue().rstrip("\r\n"),
                    context=",".join(INPUT_COLUMNS),
                )
            )


def _store(records: pd.DataFrame, result: LinkResult, username: str, reason: str) -> None:
    from straitwatch.cli.acting import actor
    from straitwatch.intel.linkage.review import store_run
    from straitwatch.store.db import transaction

    labels = {
        str(r.record_id): (str(r.agency), f"{r.given_name} {r.family_name}".strip())
        for r in records.itertuples()
    }
    with transaction(context.engine()) as session:
        change = store_run(session, actor(session, username), result, labels, reason)
    typer.echo(f"stored as change {change}; borderline pairs queued (straitwatch link review)")


@app.command("records")
def records_cmd(
    files: list[Path] = typer.Argument(..., help="CSV files of person records (UTF-8, header)."),
    out: Path = typer.Option(..., "--out", help="Where to write record_id,cluster_id,score."),
    pairs_out: Path | None = typer.Option(None, "--pairs", help="Also write the scored pairs."),
    store_as: str | None = typer.Option(
        None, "--store-as", help="Keep the clusters and review queue in the store, as this user."
    ),
    reason: str = typer.Option("", "--reason", help="Why these records are combined (audit)."),
) -> None:
    """Link person records across agencies into persons (clusters).

    Columns: record_id, agency, given_name, family_name, date_of_birth, sex, nationality,
    phone, place_of_birth; id_number, address and postcode when present (others ignored).
    Every accepted record is written once with its cluster and score; a bad row goes to the
    dead-letter store with its reason.

    Example: straitwatch link records uk.csv fr.csv de.csv nl.csv --out clusters.csv
    """
    from straitwatch.intel.linkage.engine import link_records

    records, origin = _read_records(files)
    stages = ["prepare", "score", "cluster"]
    with typer.progressbar(length=len(stages), label="linking", file=sys.stderr) as bar:
        result = link_records(records, progress=lambda _stage: bar.update(1))
    result.clusters.to_csv(out, index=False, float_format="%.4f")
    if pairs_out is not None:
        keep = ["record_id_l", "record_id_r", "match_probability", "match_weight"]
        keep += [c for c in result.pairs.columns if c.startswith(("gamma_", "mw_"))]
        result.pairs[keep].to_csv(pairs_out, index=False, float_format="%.6g")
    if result.rejected:
        _dead_letter(result.rejected, origin)
    if store_as is not None:
        _store(records, result, store_as, reason)
    persons = result.clusters["cluster_id"].nunique()
    typer.echo(
        f"linked {len(result.clusters)} records into {persons} persons; "
        f"{len(result.rejected)} refused (straitwatch deadletter list)"
    )


@app.command("names")
def names_cmd(
    pairs: Path = typer.Argument(..., help="CSV with name1,name2 columns (others kept)."),
    out: Path = typer.Option(..., "--out", help="Where to write the pairs with score,match."),
) -> None:
    """Score name pairs 0-1 across romanisations; ``match`` at the fixed default threshold.

    Example: straitwatch link names pairs.csv --out scored.csv
    """
    from straitwatch.intel.linkage.namescore import MATCH_THRESHOLD, score_names

    try:
        with pairs.open(encoding="utf-8", newline="") as fh:
            rows = list(csv.DictReader(fh))
            fields = list(rows[0].keys()) if rows else []
    except (OSError, UnicodeDecodeError, csv.Error) as exc:
        raise InvalidInput(f"cannot read {pairs}: {exc}") from exc
    if rows and not {"name1", "name2"} <= set(fields):
        raise InvalidInput(f"{pairs}: needs the columns name1 and name2")
    with out.open("w", encoding="utf-8", newline="") as fh:
        writer = csv.DictWriter(fh, fieldnames=[*fields, "score", "match"])
        writer.writeheader()
        with typer.progressbar(rows, label="scoring", file=sys.stderr) as bar:
            for row in bar:
                score = score_names(row["name1"] or "", row["name2"] or "")
                row["score"] = f"{score:.4f}"
                row["match"] = "true" if score >= MATCH_THRESHOLD else "false"
                writer.writerow(row)
    typer.echo(f"scored {len(rows)} pairs (match at {MATCH_THRESHOLD})")


AS = typer.Option(..., "--as", help="User name to act as (its agency and role apply).")
REASON = typer.Option(..., "--reason", help="Why (written with the change and to the audit log).")


@app.command("review")
def review_cmd(
    as_user: str = AS,
    accept: int | None = typer.Option(None, "--accept", help="Accept this review item (merge)."),
    reject: int | None = typer.Option(None, "--reject", help="Reject this item (keep apart)."),
    reason: str = typer.Option("", "--reason", help="Why (required to decide)."),
    limit: int = typer.Option(20, "--limit", min=1, help="At most this many items."),
    as_json: bool = typer.Option(False, "--json", help="One JSON object instead of text."),
) -> None:
    """List the borderline pairs with their evidence, or decide one.

    Example: straitwatch link review --as uk.analyst --accept 12 --reason "same phone"
    """
    from straitwatch.cli.acting import actor
    from straitwatch.cli.output import emit_json, emit_table
    from straitwatch.intel.linkage.review import decide, open_reviews
    from straitwatch.store.db import transaction

    if accept is not None and reject is not None:
        raise InvalidInput("give --accept or --reject, not both")
    with transaction(context.engine()) as session:
        who = actor(session, as_user)
        if accept is not None or reject is not None:
            item = accept if accept is not None else reject
            assert item is not None
            change = decide(session, who, item, accept is not None, reason)
            verdict = "accepted" if accept is not None else "rejected"
            typer.echo(f"item {item} {verdict}" + (f" (change {change})" if change else ""))
            return
        items = open_reviews(session, who, limit=limit)
    if as_json:
        emit_json({"reviews": items})
        return
    rows = []
    for it in items:
        why = ", ".join(
            f"{b['field']}: {b['level']} ({b['match_weight']:+.1f})" for b in it["waterfall"][1:]
        )
        rows.append((it["id"], f"{it['match_probability']:.2f}", it["label_l"], it["label_r"], why))
    emit_table(["id", "p", "record", "other record", "evidence"], rows)


@app.command("merge")
def merge_cmd(
    record: str = typer.Argument(..., help="A record of the cluster that stays."),
    other: str = typer.Argument(..., help="A record of the cluster merged into it."),
    as_user: str = AS,
    reason: str = REASON,
) -> None:
    """Merge two clusters (persons) into one: a combination, audited and reversible.

    Example: straitwatch link merge UK-1 FR-7 --as uk.analyst --reason "same passport"
    """
    from straitwatch.cli.acting import actor
    from straitwatch.intel.linkage.review import merge
    from straitwatch.store.db import transaction

    with transaction(context.engine()) as session:
        change = merge(session, actor(session, as_user), record, other, reason)
    typer.echo(f"merged (change {change}; undo with straitwatch link undo {change})")


@app.command("split")
def split_cmd(
    record: str = typer.Argument(..., help="The record to take out of its cluster."),
    as_user: str = AS,
    reason: str = REASON,
) -> None:
    """Take a record out of its cluster: audited and reversible.

    Example: straitwatch link split DE-4 --as uk.analyst --reason "twin brother"
    """
    from straitwatch.cli.acting import actor
    from straitwatch.intel.linkage.review import split
    from straitwatch.store.db import transaction

    with transaction(context.engine()) as session:
        change = split(session, actor(session, as_user), record, reason)
    typer.echo(f"split (change {change}; undo with straitwatch link undo {change})")


@app.command("undo")
def undo_cmd(
    change: int = typer.Argument(..., help="The change to undo."),
    as_user: str = AS,
    reason: str = REASON,
) -> None:
    """Put the clusters back as they were before a change (run, merge, split, decision).

    Example: straitwatch link undo 7 --as uk.analyst --reason "merged in error"
    """
    from straitwatch.cli.acting import actor
    from straitwatch.intel.linkage.review import undo
    from straitwatch.store.db import transaction

    with transaction(context.engine()) as session:
        new = undo(session, actor(session, as_user), change, reason)
    typer.echo(f"change {change} undone (change {new})")
