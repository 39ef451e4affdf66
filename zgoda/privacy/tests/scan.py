"""Row-level scan of every table: which rows still hold a word (a number, an e-mail)."""

from django.db import connection


def rows_holding(words) -> set[tuple[str, str, str]]:
    """(table, primary key, column) of every row whose column, read as text, holds a word."""
    found = set()
    quote = connection.ops.quote_name
    with connection.cursor() as cursor:
        for table in connection.introspection.table_names(cursor):
            key = connection.introspection.get_primary_key_column(cursor, table)
            if key is None:
                continue
            for column in connection.introspection.get_table_description(cursor, table):
                sql = (f"SELECT CAST({quote(key)} AS TEXT) FROM {quote(table)} "
                       f"WHERE CAST({quote(column.name)} AS TEXT) LIKE %s")
                for word in words:
                    cursor.execute(sql, [f"%{word}%"])
                    found.update((table, pk, column.name) for (pk,) in cursor.fetchall())
    return found
