from django.db import migrations, models


def fill_max_for(apps, schema_editor):
    """An election's vote allows as many 'for' choices as the election has seats."""
    Election = apps.get_model("deliberation", "Election")
    OwnersVote = apps.get_model("deliberation", "OwnersVote")
    for vote_id, seats in Election.objects.filter(vote__isnull=False).values_list(
        "vote_id", "seats"
    ):
        OwnersVote.objects.filter(pk=vote_id).update(max_for=seats)


class Migration(migrations.Migration):
    dependencies = [("deliberation", "0007_minutes_escalation")]

    operations = [
        migrations.AddField(
            model_name="ownersvote",
            name="max_for",
            field=models.PositiveSmallIntegerField(
                blank=True, null=True, verbose_name="at most this many 'for' choices per ballot"
            ),
        ),
        migrations.RunPython(fill_max_for, migrations.RunPython.noop, elidable=True),
    ]
