"""Registry import and export: the owner lists communities keep, as CSV or XLSX.

Columns (Chinese headers, as communities write them; English codes also accepted):
楼栋 building · 单元 entrance · 门牌号 door · 楼层 floor (optional, else from the door) ·
专有部分面积 (or 面积) area of the unit · 面积来源 area source · 业主姓名 owner name ·
手机号 phone · 关系 relation.

`read_table` and `check_table` read and validate every row without writing anything (the
dry run, checking.py). `import_run` applies a checked file in one transaction (nothing is
half-saved), reporting progress through the cache so a page can show it live; running it
twice changes nothing (importing.py). `jobs.py` takes up imports a down broker or a killed
worker left behind. Cell formulas are never evaluated: a cell holding one is refused.

The export (exporting.py) streams the workbook as its rows are read; above
settings.REGISTRY_EXPORT_SYNC_LIMIT rows a worker writes it instead (export_jobs.py).
"""

from compounds.registry.checking import check_table
from compounds.registry.columns import (
    COLUMNS,
    EXPORT_HEADERS,
    HEADERS,
    MAX_ROWS,
    Check,
    Formula,
    RegistryFileError,
    Row,
)
from compounds.registry.export_jobs import expire_exports, export_run, stuck_exports
from compounds.registry.exporting import export_count, export_rows, export_stream, export_xlsx
from compounds.registry.importing import import_run, progress_key, progress_of
from compounds.registry.jobs import import_queue, stuck_imports
from compounds.registry.reading import read_table

__all__ = [
    "COLUMNS",
    "EXPORT_HEADERS",
    "HEADERS",
    "MAX_ROWS",
    "Check",
    "Formula",
    "RegistryFileError",
    "Row",
    "check_table",
    "expire_exports",
    "export_count",
    "export_rows",
    "export_run",
    "export_stream",
    "export_xlsx",
    "import_queue",
    "import_run",
    "progress_key",
    "progress_of",
    "read_table",
    "stuck_exports",
    "stuck_imports",
]
