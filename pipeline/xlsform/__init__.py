"""XLSForm in praxis: import a KoboToolbox/ODK workbook as a questionnaire definition.

:func:`import_xlsform` reads ``.xlsx``/``.xls`` with python-calamine and gives an
:class:`ImportResult` (definition as plain data, problems with cells, YAML with comments).
"""

from pipeline.xlsform.importer import ImportResult, import_xlsform
from pipeline.xlsform.report import ImportProblem
from pipeline.xlsform.workbook import WORKBOOK_SUFFIXES

__all__ = ["WORKBOOK_SUFFIXES", "ImportProblem", "ImportResult", "import_xlsform"]
