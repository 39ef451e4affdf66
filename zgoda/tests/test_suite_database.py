"""The suite really runs on the database `make test` says it runs on: SQLite, then PostgreSQL."""

import os

from django.db import connection


def expected_vendor():
    """What the make target asked for (ZGODA_TEST_EXPECT_DB), else what DATABASE_URL implies."""
    declared = os.environ.get("ZGODA_TEST_EXPECT_DB")
    if declared:
        return declared
    url = os.environ.get("DATABASE_URL", "")
    return "postgresql" if url.startswith(("postgres://", "postgresql://", "pgsql://")) else "sqlite"


def test_suite_runs_on_the_expected_database_engine(db):
    expected = expected_vendor()
    assert connection.vendor == expected
    with connection.cursor() as cursor:
        cursor.execute("SELECT version()" if expected == "postgresql" else "SELECT sqlite_version()")
        (version,) = cursor.fetchone()
    assert version.startswith("PostgreSQL ") if expected == "postgresql" else version[0].isdigit()

