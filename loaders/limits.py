"""How much one load may read: every bound on input size in one place, with its reason.

The README's data-format section lists them; a file or cell beyond one is an error that says
which limit and how to get under it, never a traceback or a stalled process.
"""

from __future__ import annotations

MB = 1024 * 1024

# Excel's own limit for one cell: nothing a spreadsheet holds is longer.
MAX_CELL_CHARS = 32_767
# Per file (each CSV of a folder, a workbook, a JSON document): the app's upload limit too.
MAX_FILE_BYTES = 50 * MB
# YAML is parsed in Python, about 1 MB/s: keep a load under a few seconds of parsing.
MAX_YAML_BYTES = 5 * MB
# What a workbook may unpack to (an .xlsx is a zip; a small one can unpack to gigabytes).
MAX_WORKBOOK_UNPACKED_BYTES = 500 * MB
# Per CSV file of a folder: read from disk and validated as a stream (only the file being
# read is held, as text); a province's hazard register (1M rows) is about 130 MB.
MAX_CSV_FILE_BYTES = 1024 * MB
# Rows per table: a province's hazard register (about a million rows a year) fits twice.
MAX_ROWS = 2_000_000
# Columns read from a sheet: the widest table has 13; the rest are notes, ignored with a warning.
MAX_SHEET_COLUMNS = 100
# Excel's own row limit: a sheet claiming rows beyond it is damaged.
MAX_SHEET_ROWS = 1_048_576
# YAML aliases: how many nodes all aliases together may stand for when expanded. A table
# written with a few ``&defaults`` / ``*defaults`` stays far below; an alias bomb (a few
# hundred bytes that expand to billions of nodes) is refused at once.
MAX_ALIAS_EXPANSION = 10_000
# Nesting of a JSON/YAML document: {table: [ {column: value} ]} is 3 deep.
MAX_DEPTH = 20


def size_text(n: int) -> str:
    """'50 MB', '1.2 MB', '900 bytes'.

    >>> size_text(50 * MB), size_text(1_300_000), size_text(900)
    ('50 MB', '1.2 MB', '900 bytes')
    """
    if n < 100_000:
        return f"{n:,} bytes"
    value = n / MB
    return f"{value:.0f} MB" if value.is_integer() or value >= 10 else f"{value:.1f} MB"
