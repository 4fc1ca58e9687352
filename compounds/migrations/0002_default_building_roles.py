from django.db import migrations

from compounds.migrations_data import DEFAULT_KIND_ROWS


def create_defaults(apps, schema_editor):
    kind = apps.get_model("compounds", "BuildingRoleKind")
    for order, (code, name) in enumerate(DEFAULT_KIND_ROWS):
        kind.objects.update_or_create(
            community=None, code=code, defaults={"name": name, "order": order}
        )


class Migration(migrations.Migration):
    dependencies = [("compounds", "0001_initial")]

    operations = [migrations.RunPython(create_defaults, migrations.RunPython.noop)]
