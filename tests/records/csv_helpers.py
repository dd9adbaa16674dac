"""Builders of sessions CSV files for the import and export tests."""

import csv
import io

from records import csv_format

HEADER = ",".join(csv_format.COLUMNS)


def cells(**values) -> dict[str, str]:
    """A good row (patient P-1, session 1, attended, a full SRS), changed by `values`."""
    row = dict.fromkeys(csv_format.COLUMNS, "")
    row.update(
        patient_code="P-1",
        session_number="1",
        session_date="2026-03-02",
        status="attended",
        modality="video",
        srs_relationship="9.0",
        srs_goals="8.5",
        srs_approach="9.5",
        srs_overall="9.0",
    )
    row.update({name: str(value) for name, value in values.items()})
    return row


def csv_text(*rows: dict[str, str], columns=csv_format.COLUMNS) -> str:
    """A CSV file with a header of `columns` and one line per row."""
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(columns)
    for row in rows:
        writer.writerow([row.get(name, "") for name in columns])
    return out.getvalue()


def session_rows(code="P-1", count=3, **values) -> list[dict[str, str]]:
    """Consecutive good rows of one patient, one week apart."""
    return [
        cells(patient_code=code, session_number=n, session_date=f"2026-03-{n + 1:02d}", **values)
        for n in range(1, count + 1)
    ]


def without_review_columns(text: str) -> list[list[str]]:
    """The rows of an export without risk_level and rules_fired."""
    return [row[: -len(csv_format.REVIEW_COLUMNS)] for row in csv.reader(io.StringIO(text, newline=""))]
