"""CSV injection: a cell a spreadsheet would run as a formula is written with a leading apostrophe.

A cell starting with =, +, -, @, a tab or a carriage return is a formula to
a spreadsheet; such a cell, and one already starting with an apostrophe, gets
one more apostrophe in front, so that removing one leading apostrophe gives
the value back. Both CSV exports (the audit log's, the sessions') write
their cells through `cell_safe`.
"""

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def cell_safe(value: str) -> str:
    """`value` as a cell a spreadsheet will not run as a formula."""
    return f"'{value}" if value.startswith((*FORMULA_STARTS, "'")) else value
