from django.db import migrations, models


class Migration(migrations.Migration):
    """Every ballot locks the roll rows of one owner: WHERE vote_id = X AND head_key = Y
    FOR UPDATE. Without this index PostgreSQL reads every row of the vote's roll."""

    dependencies = [("deliberation", "0008_vote_max_for")]

    operations = [
        migrations.AddIndex(
            model_name="rollentry",
            index=models.Index(fields=["vote", "head_key"], name="rollentry_owner"),
        ),
    ]
