"""Background work of the compounds app. Tasks take ids and are safe to run twice."""

from portal.celery import app


@app.task(name="compounds.run_registry_import", ignore_result=True)
def run_registry_import(import_id: int) -> None:
    from compounds.registry import import_run

    import_run(import_id)
