"""XLSForm in praxis: import a KoboToolbox/ODK workbook as a questionnaire definition.

:func:`import_xlsform` reads ``.xlsx``/``.xls`` with python-calamine and gives an
:class:`ImportResult` (definition as plain data, problems with cells, YAML with comments).
The importer is loaded when first named (0.1 s): every reading of a definition asks
:data:`WORKBOOK_SUFFIXES` whether its file is a workbook, and few of them are.
"""

from typing import Any

from pipeline.xlsform.workbook import WORKBOOK_SUFFIXES

_LAZY = {
    "ImportResult": "pipeline.xlsform.importer",
    "import_xlsform": "pipeline.xlsform.importer",
    "ImportProblem": "pipeline.xlsform.report",
}


def __getattr__(name: str) -> Any:
    if name not in _LAZY:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    import importlib

    return getattr(importlib.import_module(_LAZY[name]), name)


__all__ = ["WORKBOOK_SUFFIXES", "ImportProblem", "ImportResult", "import_xlsform"]
