"""status's own index dropped: sms_msg_due (status, next_attempt_at) leads with it. A plain
DROP INDEX (AlterField would rebuild the table on SQLite); PostgreSQL also had its LIKE
companion (_like), which going back does not recreate (no query matches status by pattern)."""

from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('sms', '0008_messages_wait_in_their_own_index'),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.AlterField(
                    model_name='message',
                    name='status',
                    field=models.CharField(choices=[('queued', 'w kolejce'), ('submitted', 'przekazana do operatora'), ('delivered', 'doręczona'), ('failed', 'nieudana'), ('expired', 'wygasła')], default='queued', max_length=16, verbose_name='stan'),
                ),
            ],
            database_operations=[
                migrations.RunSQL(
                    'DROP INDEX IF EXISTS "sms_message_status_ba06ceb5"',
                    reverse_sql='CREATE INDEX "sms_message_status_ba06ceb5" ON "sms_message" ("status")',
                ),
                migrations.RunSQL('DROP INDEX IF EXISTS "sms_message_status_ba06ceb5_like"', reverse_sql=migrations.RunSQL.noop),
            ],
        ),
    ]
