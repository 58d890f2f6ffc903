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

    from straitwatch.intel.linkage.prepare import INPUT_COLUMNS

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
        for col in INPUT_COLUMNS:
            if col not in frame.columns:
                frame[col] = ""
        frames.append(frame[list(INPUT_COLUMNS)])
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


@app.command("records")
def records_cmd(
    files: list[Path] = typer.Argument(..., help="CSV files of person records (UTF-8, header)."),
    out: Path = typer.Option(..., "--out", help="Where to write record_id,cluster_id,score."),
    pairs_out: Path | None = typer.Option(None, "--pairs", help="Also write the scored pairs."),
) -> None:
    """Link person records across agencies into persons (clusters).

    Columns: record_id, agency, given_name, family_name, date_of_birth, sex, nationality,
    phone, place_of_birth (others ignored). Every accepted record is written once with its
    cluster and score; a bad row goes to the dead-letter store with its reason.

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
        keep += [c for c in result.pairs.columns if c.startswith(("gamma_", "bf_"))]
        result.pairs[keep].to_csv(pairs_out, index=False, float_format="%.6g")
    if result.rejected:
        _dead_letter(result.rejected, origin)
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
