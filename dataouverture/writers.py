"""Result files of Data Access exports: CSV, XLSX, Parquet, written batch by batch."""

from __future__ import annotations

import csv
from collections.abc import Callable, Iterable


def write(
    fmt: str,
    path: str,
    columns: list[str],
    batches: Iterable[list[tuple]],
    *,
    max_rows: int,
    on_progress: Callable[[int], None] | None = None,
) -> int:
    """Write at most ``max_rows`` rows; returns the number written."""
    writer = {"csv": _csv, "xlsx": _xlsx, "parquet": _parquet}[fmt]
    return writer(path, columns, _bounded(batches, max_rows, on_progress))


def _bounded(batches, max_rows, on_progress):
    written = 0
    for batch in batches:
        batch = batch[: max_rows - written]
        if not batch:
            return
        written += len(batch)
        yield batch
        if on_progress:
            on_progress(written)


def _csv(path, columns, batches) -> int:
    count = 0
    # UTF-8 with BOM and ";" so that a French Excel opens it as is.
    with open(path, "w", newline="", encoding="utf-8-sig") as handle:
        out = csv.writer(handle, delimiter=";")
        out.writerow(columns)
        for batch in batches:
            out.writerows(batch)
            count += len(batch)
    return count


def _xlsx(path, columns, batches) -> int:
    from openpyxl import Workbook

    book = Workbook(write_only=True)
    sheet = book.create_sheet("Export")
    sheet.append(columns)
    count = 0
    for batch in batches:
        for row in batch:
            sheet.append(list(row))
        count += len(batch)
    book.save(path)
    return count


def _parquet(path, columns, batches) -> int:
    import pyarrow as pa
    import pyarrow.parquet as pq

    writer = None
    count = 0
    try:
        for batch in batches:
            table = pa.table(
                {name: [_plain(row[i]) for row in batch] for i, name in enumerate(columns)}
            )
            if writer is None:
                writer = pq.ParquetWriter(path, table.schema)
            else:
                table = table.cast(writer.schema, safe=False)
            writer.write_table(table)
            count += len(batch)
        if writer is None:  # no rows: an empty file with string columns
            schema = pa.schema([(name, pa.string()) for name in columns])
            writer = pq.ParquetWriter(path, schema)
    finally:
        if writer is not None:
            writer.close()
    return count


def _plain(value):
    return value if value is None or isinstance(value, int | float | str) else str(value)
