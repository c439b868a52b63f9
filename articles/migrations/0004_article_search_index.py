"""A GIN index for full-text search, on PostgreSQL only (SQLite searches without it).

The indexed expression must stay identical to articles.search.document_vector(), or PostgreSQL
will not use the index; test_search.py checks that the planner does.
"""

from django.db import migrations

INDEX_NAME = "article_search_document"

CREATE_SQL = f"""
CREATE INDEX IF NOT EXISTS {INDEX_NAME} ON articles_article USING gin ((
    setweight(to_tsvector('english'::regconfig, COALESCE("headline", '')), 'A')
    || setweight(to_tsvector('english'::regconfig, COALESCE("standfirst", '')), 'B')
    || setweight(to_tsvector('english'::regconfig, COALESCE("body", '')), 'C')
))
"""

DROP_SQL = f"DROP INDEX IF EXISTS {INDEX_NAME}"


def create_index(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(CREATE_SQL)


def drop_index(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(DROP_SQL)


class Migration(migrations.Migration):
    dependencies = [
        ("articles", "0003_article_publish_permission"),
    ]

    operations = [
        migrations.RunPython(create_index, drop_index, elidable=False),
    ]
