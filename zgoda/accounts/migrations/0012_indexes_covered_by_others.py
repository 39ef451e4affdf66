"""Two indexes other indexes cover, dropped (fewer pages written per code): the challenge FK's
own index ((challenge, -created_at) leads with it) and accounts_otc_created ((created_at,
budget) leads with it). A plain DROP INDEX: AlterField would rebuild the table on SQLite."""

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('accounts', '0011_login_event_carries_its_new_device_notice'),
    ]

    operations = [
        migrations.RemoveIndex(
            model_name='onetimecode',
            name='accounts_otc_created',
        ),
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.AlterField(
                    model_name='onetimecode',
                    name='challenge',
                    field=models.ForeignKey(db_index=False, on_delete=django.db.models.deletion.CASCADE, related_name='codes', to='accounts.codechallenge'),
                ),
            ],
            database_operations=[
                migrations.RunSQL(
                    'DROP INDEX IF EXISTS "accounts_onetimecode_challenge_id_ff44f076"',
                    reverse_sql='CREATE INDEX "accounts_onetimecode_challenge_id_ff44f076" ON "accounts_onetimecode" ("challenge_id")',
                ),
            ],
        ),
    ]
