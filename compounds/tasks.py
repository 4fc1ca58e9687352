"""Background work of the compounds app. Tasks take ids and are safe to run twice."""

from portal.celery import app, enqueue_safely


@app.task(name="compounds.run_registry_import", ignore_result=True)
def run_registry_import(import_id: int) -> None:
    from compounds.registry import import_run

    import_run(import_id)


@app.task(name="compounds.resume_stuck_imports", ignore_result=True)
def resume_stuck_imports() -> int:
    """From beat: queue again the imports a down broker or a killed worker left behind
    (compounds/registry/jobs.py decides which)."""
    from compounds.registry import stuck_imports

    due = stuck_imports()
    for import_id in due:
        enqueue_safely(run_registry_import, import_id)
    return len(due)


@app.task(name="compounds.run_registry_export", ignore_result=True)
def run_registry_export(export_id: int) -> None:
    from compounds.registry import export_run

    export_run(export_id)


@app.task(name="compounds.sweep_registry_exports", ignore_result=True)
def sweep_registry_exports() -> int:
    """From beat: queue again the exports a down broker or a killed worker left behind,
    and delete the files of expired ones (compounds/registry/export_jobs.py)."""
    from compounds.registry import expire_exports, stuck_exports

    due = stuck_exports()
    for export_id in due:
        enqueue_safely(run_registry_export, export_id)
    expire_exports()
    return len(due)
