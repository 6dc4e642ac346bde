"""A trigram index for the supplier filter and search on PostgreSQL (ILIKE '%...%' cannot use a
b-tree). It needs the pg_trgm extension; where the database user may not create it, the index
is left out and the filter still works, only slower."""

import logging

from django.db import DatabaseError, migrations, transaction

logger = logging.getLogger(__name__)

CREATE = [
    "CREATE EXTENSION IF NOT EXISTS pg_trgm",
    "CREATE INDEX IF NOT EXISTS case_supplier_trgm ON cases_case "
    "USING gin (UPPER(supplier_name::text) gin_trgm_ops)",
]


def create(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    try:
        with transaction.atomic(using=schema_editor.connection.alias):
            for sql in CREATE:
                schema_editor.execute(sql, params=None)
    except DatabaseError as exc:
        logger.warning("Supplier search index not created (%s); search still works.", exc)


def drop(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute("DROP INDEX IF EXISTS case_supplier_trgm", params=None)


class Migration(migrations.Migration):
    dependencies = [("cases", "0005_proposals")]

    operations = [migrations.RunPython(create, drop)]
