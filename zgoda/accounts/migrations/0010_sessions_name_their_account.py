import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models
from django.utils import timezone


def move_live_sessions(apps, schema_editor):
    """Who is logged in stays logged in: each live session of Django's table moves here with
    the account it names."""
    from allauth.account.utils import url_str_to_user_pk
    from django.contrib.sessions.backends.db import SessionStore  # its class name salts the signature
    from django.core.exceptions import ValidationError

    old, new = apps.get_model("sessions", "Session"), apps.get_model("accounts", "Session")
    users = apps.get_model(*settings.AUTH_USER_MODEL.split("."))
    decoder = SessionStore()
    live = old.objects.using(schema_editor.connection.alias).filter(expire_date__gt=timezone.now())
    for row in live.iterator():
        data = decoder.decode(row.session_data)
        pending = (data.get("account_login") or {}).get("user_pk")  # allauth's key, in base 36
        try:
            user_id = data.get("_auth_user_id") or (url_str_to_user_pk(pending) if pending is not None else None)
            if user_id is not None and not users.objects.filter(pk=user_id).exists():
                user_id = None
        except (TypeError, ValueError, ValidationError):
            user_id = None
        new.objects.create(session_key=row.session_key, session_data=row.session_data,
                           expire_date=row.expire_date, user_id=user_id)
    old.objects.all().delete()


class Migration(migrations.Migration):

    dependencies = [
        ('accounts', '0009_codes_by_time_and_budget'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
        ("sessions", "0001_initial"),
    ]

    operations = [
        migrations.CreateModel(
            name='Session',
            fields=[
                ('session_key', models.CharField(max_length=40, primary_key=True, serialize=False, verbose_name='session key')),
                ('session_data', models.TextField(verbose_name='session data')),
                ('expire_date', models.DateTimeField(db_index=True, verbose_name='expire date')),
                ('user', models.ForeignKey(blank=True, db_constraint=False, null=True, on_delete=django.db.models.deletion.CASCADE, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='użytkownik')),
            ],
            options={
                'verbose_name': 'sesja',
                'verbose_name_plural': 'sesje',
                'abstract': False,
            },
        ),
        migrations.RunPython(move_live_sessions, migrations.RunPython.noop),
    ]
