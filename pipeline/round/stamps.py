"""The fixed time written into generated files (forms, tables), so that equal inputs give
equal bytes: their created/modified properties and zip entry times."""

from __future__ import annotations

import datetime as dt

FIXED_TIME = dt.datetime(2025, 1, 1, 0, 0, 0)
"""The created/modified time of every generated form and workbook."""
