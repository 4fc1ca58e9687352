"""Benchmark: check and import a registry file of N rows (default 5,000).

Run: DEBUG=1 .venv/bin/python bench/registry_import.py [rows]
(set DATABASE_URL to measure on PostgreSQL). It creates a throw-away test database,
reports the time of the dry run, the import and a second (idempotent) import, and removes
the database. Target on this machine: 5,000 rows imported in under 30 seconds.
"""

import os
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "portal.settings")
os.environ.setdefault("DEBUG", "1")

import django  # noqa: E402

django.setup()

from django.core.files.base import ContentFile  # noqa: E402
from django.db import connection  # noqa: E402
from django.test.utils import setup_databases, teardown_databases  # noqa: E402

HEADER = "楼栋,单元,门牌号,面积,面积来源,业主姓名,手机号,关系"


def make_rows(count: int, buildings: int) -> str:
    lines = [HEADER]
    for i in range(count):
        building, rest = divmod(i, count // buildings + 1)
        entrance, rest = divmod(rest, 36)
        floor, door = divmod(rest, 2)
        lines.append(
            f"{building + 1}栋,{entrance + 1}单元,{floor + 1}{door + 1:02d},"
            f"{80 + (i % 60)}.{i % 100:02d},不动产登记簿,业主{i},139{i:08d},业主"
        )
    return "\n".join(lines)


def main(rows: int) -> None:
    from compounds import registry
    from compounds.models import RegistryImport, Residency
    from tests import factories as f

    compound = f.CompoundFactory(name="基准小区")
    for n in range(1, 21):
        f.BuildingFactory(compound=compound, name=f"{n}栋")
    data = make_rows(rows, 20).encode()

    started = time.perf_counter()
    check = registry.check_table(compound, registry.read_table(data, "bench.csv"))
    checked = time.perf_counter() - started
    assert check.ok, check.problems[:5]

    def run() -> tuple[float, object]:
        job = RegistryImport(compound=compound, original_name="bench.csv")
        job.file.save("bench.csv", ContentFile(data), save=False)
        job.save()
        started = time.perf_counter()
        job = registry.import_run(job.pk)
        return time.perf_counter() - started, job

    first, job = run()
    second, again = run()
    print(f"database: {connection.vendor}")
    print(f"rows: {rows}")
    print(f"dry run (read + check): {checked:.2f} s")
    print(
        f"import: {first:.2f} s ({job.created_units} units, "
        f"{job.created_residencies} residents; status {job.status})"
    )
    print(
        f"second import of the same file: {second:.2f} s "
        f"({again.created_units} units, {again.created_residencies} residents)"
    )
    print(f"rows per second (import): {rows / first:.0f}")
    assert Residency.objects.count() == rows


if __name__ == "__main__":
    count = int(sys.argv[1]) if len(sys.argv) > 1 else 5000
    old = setup_databases(verbosity=0, interactive=False)
    try:
        main(count)
    finally:
        connection.close()
        teardown_databases(old, verbosity=0)
