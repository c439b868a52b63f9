"""Tags and bylines join the article's stored search document (PostgreSQL only).

Until now a search matched tags and authors through their own tables, which meant reading every
story carrying a matching tag before keeping the newest few: the work grew with the archive
(9,000 rows for one common word at 100,000 stories). With the tag names and the authors' names and
handles in the document (weight B, as a standfirst), one index walk of the article table finds
every kind of match.

The database keeps the document current, as migration 0005 does for the text: the article's
trigger reads its tags and authors, and statement-level triggers on the tables it reads (tagged
items, bylines, tag names, author names and handles) recompute the documents of the articles a
statement touched. A bulk insert of tags recomputes each touched article once, not once per row.
"""

from django.db import migrations

DOCUMENT_FUNCTION = "articles_article_search_document"
LABELS_FUNCTION = "articles_article_labels"
ARTICLE_TYPE = (
    "(SELECT id FROM django_content_type WHERE app_label = 'articles' AND model = 'article')"
)

# The trigger function of migration 0005, as it was.
TEXT_DOCUMENT = """
    setweight(to_tsvector('english'::regconfig, COALESCE(NEW.headline, '')), 'A')
    || setweight(to_tsvector('english'::regconfig, COALESCE(NEW.standfirst, '')), 'B')
    || setweight(to_tsvector('english'::regconfig, COALESCE(NEW.body, '')), 'C')
"""
LABELS_DOCUMENT = f"|| setweight(to_tsvector('english'::regconfig, {LABELS_FUNCTION}(NEW.id)), 'B')"


def _document_function(document):
    return f"""
    CREATE OR REPLACE FUNCTION {DOCUMENT_FUNCTION}() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
        NEW.search_document := {document};
        RETURN NEW;
    END
    $$
    """


# Setting the document to NULL runs the article's own trigger, which computes it afresh.
RECOMPUTE = "UPDATE articles_article SET search_document = NULL WHERE id IN ({ids});"


def _links_changed(article_ids):
    """For a table that links articles to tags or authors: recompute the articles of the rows
    the statement added (new_rows) and removed (old_rows); an UPDATE has both."""
    return f"""
        IF TG_OP <> 'DELETE' THEN {RECOMPUTE.format(ids=article_ids.format(rows="new_rows"))} END IF;
        IF TG_OP <> 'INSERT' THEN {RECOMPUTE.format(ids=article_ids.format(rows="old_rows"))} END IF;
    """


TAG_RENAMED = f"""
    SELECT item.object_id FROM taggit_taggeditem item
    JOIN new_rows ON new_rows.id = item.tag_id JOIN old_rows ON old_rows.id = new_rows.id
    WHERE new_rows.name IS DISTINCT FROM old_rows.name AND item.content_type_id = {ARTICLE_TYPE}
"""  # noqa: S608 (constants only, as everywhere in this file)
AUTHOR_RENAMED = """
    SELECT byline.article_id FROM articles_article_authors byline
    JOIN new_rows ON new_rows.id = byline.author_id JOIN old_rows ON old_rows.id = new_rows.id
    WHERE (new_rows.name, new_rows.handle) IS DISTINCT FROM (old_rows.name, old_rows.handle)
"""
# Each watched table, and what its trigger function does.
WATCHED = {
    "taggit_taggeditem": _links_changed(
        f"SELECT object_id FROM {{rows}} WHERE content_type_id = {ARTICLE_TYPE}"  # noqa: S608
    ),
    "articles_article_authors": _links_changed("SELECT article_id FROM {rows}"),
    # Renaming a tag or an author changes every document that carries the name.
    "taggit_tag": RECOMPUTE.format(ids=TAG_RENAMED),
    "articles_author": RECOMPUTE.format(ids=AUTHOR_RENAMED),
}
# Names are only renamed; rows of the link tables come and go.
OPERATIONS = {
    "taggit_taggeditem": ["INSERT", "UPDATE", "DELETE"],
    "articles_article_authors": ["INSERT", "UPDATE", "DELETE"],
    "taggit_tag": ["UPDATE"],
    "articles_author": ["UPDATE"],
}
# A trigger with transition tables handles one operation; an UPDATE one sees both tables.
TRANSITION_TABLES = {
    "INSERT": "NEW TABLE AS new_rows",
    "UPDATE": "OLD TABLE AS old_rows NEW TABLE AS new_rows",
    "DELETE": "OLD TABLE AS old_rows",
}


def _trigger_function(table):
    return f"{table}_search_documents"


def _trigger(table, operation):
    return f"{table}_search_documents_{operation.lower()}"


FORWARD_SQL = [
    # The tags' names, then each author's name and handle, as one text.
    f"""
    CREATE FUNCTION {LABELS_FUNCTION}(article bigint) RETURNS text LANGUAGE sql STABLE AS $$
        SELECT concat_ws(' ',
            (SELECT string_agg(tag.name, ' ' ORDER BY tag.name)
             FROM taggit_taggeditem item JOIN taggit_tag tag ON tag.id = item.tag_id
             WHERE item.object_id = article AND item.content_type_id = {ARTICLE_TYPE}),
            (SELECT string_agg(author.name || ' ' || author.handle, ' ' ORDER BY author.name)
             FROM articles_article_authors byline
             JOIN articles_author author ON author.id = byline.author_id
             WHERE byline.article_id = article))
    $$
    """,  # noqa: S608
    _document_function(TEXT_DOCUMENT + LABELS_DOCUMENT),
    *(
        f"""
        CREATE FUNCTION {_trigger_function(table)}() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN
            {body}
            RETURN NULL;
        END
        $$
        """
        for table, body in WATCHED.items()
    ),
    *(
        f"""
        CREATE TRIGGER {_trigger(table, operation)}
        AFTER {operation} ON {table} REFERENCING {TRANSITION_TABLES[operation]}
        FOR EACH STATEMENT EXECUTE FUNCTION {_trigger_function(table)}()
        """
        for table, operations in OPERATIONS.items()
        for operation in operations
    ),
    # Every existing document, with its tags and bylines.
    "UPDATE articles_article SET search_document = NULL",
]

BACKWARD_SQL = [
    *(
        f"DROP TRIGGER IF EXISTS {_trigger(table, operation)} ON {table}"
        for table, operations in OPERATIONS.items()
        for operation in operations
    ),
    *(f"DROP FUNCTION IF EXISTS {_trigger_function(table)}()" for table in WATCHED),
    _document_function(TEXT_DOCUMENT),
    f"DROP FUNCTION IF EXISTS {LABELS_FUNCTION}(bigint)",
    "UPDATE articles_article SET search_document = NULL",
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
        ("articles", "0005_article_search_document"),
        ("taggit", "0006_rename_taggeditem_content_type_object_id_taggit_tagg_content_8fc721_idx"),
    ]

    operations = [
        migrations.RunPython(forward, backward, elidable=False),
    ]
