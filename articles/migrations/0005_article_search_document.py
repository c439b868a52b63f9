"""The article's search document, stored: a tsvector column kept current by PostgreSQL itself.

A trigger (not Django) fills the column, so every way of writing an article keeps it right:
save(), QuerySet.update(), bulk_create() (the bench loader), fixtures and raw SQL. Existing rows
are filled here, the column gets the one GIN index search uses, and migration 0004's expression
index, which only matched and made ranking re-parse every candidate's body, goes.

On SQLite the column exists and stays empty: search there does not use it.
"""

import django.contrib.postgres.search
from django.db import migrations

FUNCTION_NAME = "articles_article_search_document"
TRIGGER_NAME = "articles_article_search_document"
INDEX_NAME = "article_search_document_gin"
OLD_INDEX_NAME = "article_search_document"

# Weights as articles.search ranks them: headline A, standfirst B, body C.
DOCUMENT = """
    setweight(to_tsvector('english'::regconfig, COALESCE({row}headline, '')), 'A')
    || setweight(to_tsvector('english'::regconfig, COALESCE({row}standfirst, '')), 'B')
    || setweight(to_tsvector('english'::regconfig, COALESCE({row}body, '')), 'C')
"""

FORWARD_SQL = [
    f"DROP INDEX IF EXISTS {OLD_INDEX_NAME}",
    f"""
    CREATE FUNCTION {FUNCTION_NAME}() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
        NEW.search_document := {DOCUMENT.format(row="NEW.")};
        RETURN NEW;
    END
    $$
    """,
    # Django's save() writes every column, the document's stale or empty value among them;
    # the trigger runs on any write that names the text, and overrides what was sent.
    f"""
    CREATE TRIGGER {TRIGGER_NAME}
    BEFORE INSERT OR UPDATE OF headline, standfirst, body, search_document
    ON articles_article FOR EACH ROW EXECUTE FUNCTION {FUNCTION_NAME}()
    """,
    # The trigger computes each existing row's document (it runs on writes naming the column).
    "UPDATE articles_article SET search_document = NULL",
    # Without fastupdate, a write goes straight into the index instead of a pending list that
    # every search must read through until (auto)vacuum merges it: a newsroom writes little and
    # searches much, and the planner then costs the index by what it really holds.
    f"""
    CREATE INDEX {INDEX_NAME} ON articles_article USING gin (search_document)
    WITH (fastupdate = off)
    """,
]

BACKWARD_SQL = [
    f"DROP INDEX IF EXISTS {INDEX_NAME}",
    f"DROP TRIGGER IF EXISTS {TRIGGER_NAME} ON articles_article",
    f"DROP FUNCTION IF EXISTS {FUNCTION_NAME}()",
    f"CREATE INDEX IF NOT EXISTS {OLD_INDEX_NAME} ON articles_article USING gin (({DOCUMENT.format(row='')}))",
]


def forward(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        for statement in FORWARD_SQL:
            schema_editor.execute(statement)


def backward(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        for statement in BACKWARD_SQL:
            schema_editor.execute(statement)


class Migration(migrations.Migration):
    dependencies = [
        ("articles", "0004_article_search_index"),
    ]

    operations = [
        migrations.AddField(
            model_name="article",
            name="search_document",
            field=django.contrib.postgres.search.SearchVectorField(
                editable=False, null=True, verbose_name="search document"
            ),
        ),
        migrations.RunPython(forward, backward, elidable=False),
    ]
