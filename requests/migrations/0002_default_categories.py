from django.db import migrations

from requests.defaults import DEFAULT_CATEGORIES


def create_defaults(apps, schema_editor):
    category = apps.get_model("repair_requests", "Category")
    for order, (code, name, route, hotline) in enumerate(DEFAULT_CATEGORIES):
        category.objects.update_or_create(
            compound=None, code=code,
            defaults={"name": name, "route": route, "hotline": hotline, "order": order},
        )


class Migration(migrations.Migration):
    dependencies = [("repair_requests", "0001_initial")]

    operations = [migrations.RunPython(create_defaults, migrations.RunPython.noop)]
