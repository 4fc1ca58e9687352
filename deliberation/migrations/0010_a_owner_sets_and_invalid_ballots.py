from django.db import migrations, models


def keep_frozen_rolls(apps, schema_editor):
    """Rolls frozen before this change keep the key they were frozen with ("person:<voter
    id>") and say so: their votes count owners by the person named to vote."""
    OwnersVote = apps.get_model("deliberation", "OwnersVote")
    OwnersVote.objects.exclude(state="draft").update(head_rule="voter")


def ordinary_affairs_to_item_nine(apps, schema_editor):
    """A draft's topic of an ordinary affair (0) becomes 第278条 item (9): an owners' vote
    always counts with the quorum. Noticed and closed votes keep what they were frozen
    and counted with."""
    VoteTopic = apps.get_model("deliberation", "VoteTopic")
    VoteTopic.objects.filter(vote__state="draft", matter_item=0).update(matter_item=9)


class Migration(migrations.Migration):
    """Issue 11: owners counted by the set of owners of a unit (法释〔2009〕7号 第九条), blank
    and spoiled paper ballots, the longer frozen-roll text, no item 0 in owners' votes."""

    dependencies = [("deliberation", "0009_rollentry_owner_index")]

    operations = [
        migrations.AddField(
            model_name="ballot",
            name="spoiled_reason",
            field=models.CharField(blank=True, max_length=200, verbose_name="why it is spoiled"),
        ),
        migrations.AddField(
            model_name="ownersvote",
            name="head_rule",
            field=models.CharField(
                choices=[
                    (
                        "voter",
                        "one owner per person named to vote (a roll frozen before owner sets)",
                    ),
                    ("owner_set", "one owner per set of owners of a unit (第九条)"),
                ],
                default="owner_set",
                max_length=10,
                verbose_name="how owners are counted",
            ),
        ),
        migrations.RunPython(keep_frozen_rolls, migrations.RunPython.noop),
        migrations.AddField(
            model_name="ownersvote",
            name="invalid_ballots_participate",
            field=models.BooleanField(
                default=True, verbose_name="blank and spoiled ballots count as taking part"
            ),
        ),
        migrations.AlterField(
            model_name="ballotchoice",
            name="choice",
            field=models.CharField(
                choices=[
                    ("for", "for"),
                    ("against", "against"),
                    ("abstain", "abstain"),
                    ("blank", "blank ballot"),
                    ("spoiled", "spoiled ballot"),
                ],
                max_length=10,
            ),
        ),
        migrations.AlterField(
            model_name="ownersvote",
            name="roll_source",
            field=models.CharField(blank=True, max_length=1000, verbose_name="source of the roll"),
        ),
        migrations.AlterField(
            model_name="rollentry",
            name="head_key",
            field=models.CharField(max_length=255),
        ),
        migrations.RunPython(ordinary_affairs_to_item_nine, migrations.RunPython.noop),
    ]
