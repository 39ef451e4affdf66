"""Run by test_erasure_on_disk.py in its own process, on a file-based SQLite database:
migrate, make Ewa (and Jan) through the real flows, erase Ewa's account on its privacy page, then
checkpoint the WAL and VACUUM so freed pages are rewritten. Prints the database path."""

import sys

import django

django.setup()

from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import setup_test_environment  # noqa: E402


def main():
    call_command("migrate", verbosity=0)
    setup_test_environment()
    from zgoda.privacy.tests.people import bystander, full_person
    from zgoda.privacy.tests.test_erasure_leaves_no_trace import erase_on_the_account_page

    client = Client()
    person = full_person(client)
    bystander()
    erase_on_the_account_page(client, person)
    with connection.cursor() as cursor:
        cursor.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        if "--no-vacuum" not in sys.argv:
            cursor.execute("VACUUM")
            cursor.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    print(connection.settings_dict["NAME"])


if __name__ == "__main__":
    main()
