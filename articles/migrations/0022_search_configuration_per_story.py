"""Each story's search document in its own language's text-search configuration (PostgreSQL).

Until now every document was built with 'english': Hindi words went through the English
stemmer and stop words. The story now says which configuration it wants (`search_config`, from
settings.NEWSROOM_LANGUAGES by its language, set on save); the trigger function builds the text
and its tags and bylines with it, or with 'simple' when the database has no configuration of that
name (PostgreSQL ships 'hindi' since version 16; older ones and other languages get 'simple').
The trigger also runs when `search_config` changes (a story's language changed).
"""

from django.conf import settings
from django.db import migrations, models

DOCUMENT_FUNCTION = "articles_article_search_document"
LABELS_FUNCTION = "articles_article_labels"
TRIGGER_NAME = "articles_article_search_document"

CONFIG = "config"
DOCUMENT = f"""
    setweight(to_tsvector({CONFIG}, COALESCE(NEW.headline, '')), 'A')
    || setweight(to_tsvector({CONFIG}, COALESCE(NEW.standfirst, '')), 'B')
    || setweight(to_tsvector({CONFIG}, COALESCE(NEW.body, '')), 'C')
    || setweight(to_tsvector({CONFIG}, {LABELS_FUNCTION}(NEW.id)), 'B')
"""

FORWARD_SQL = [
    f"""
    CREATE OR REPLACE FUNCTION {DOCUMENT_FUNCTION}() RETURNS trigger LANGUAGE plpgsql AS $$
    DECLARE
        {CONFIG} regconfig := COALESCE(
            (SELECT oid FROM pg_ts_config WHERE cfgname = NEW.search_config LIMIT 1)::regconfig,
            'simple'::regconfig
        );
    BEGIN
        NEW.search_document := {DOCUMENT};
        RETURN NEW;
    END
    $$
    """,  # noqa: S608 - constants only
    f"DROP TRIGGER IF EXISTS {TRIGGER_NAME} ON articles_article",
    f"""
    CREATE TRIGGER {TRIGGER_NAME}
    BEFORE INSERT OR UPDATE OF headline, standfirst, body, search_document, search_config
    ON articles_article FOR EACH ROW EXECUTE FUNCTION {DOCUMENT_FUNCTION}()
    """,
    "UPDATE articles_article SET search_document = NULL",
]

ENGLISH = "'english'::regconfig"
BACKWARD_SQL = [
    f"""
    CREATE OR REPLACE FUNCTION {DOCUMENT_FUNCTION}() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
        NEW.search_document := {DOCUMENT.replace(CONFIG, ENGLISH)};
        RETURN NEW;
    END
    $$
    """,
    f"DROP TRIGGER IF EXISTS {TRIGGER_NAME} ON articles_article",
    f"""
    CREATE TRIGGER {TRIGGER_NAME}
    BEFORE INSERT OR UPDATE OF headline, standfirst, body, search_document
    ON articles_article FOR EACH ROW EXECUTE FUNCTION {DOCUMENT_FUNCTION}()
    """,
    "UPDATE articles_article SET search_document = NULL",
]


def give_each_story_its_configuration(apps, schema_editor):
    Article = apps.get_model("articles", "Article")
    for code, info in settings.NEWSROOM_LANGUAGES.items():
        Article.objects.filter(language=code).update(
            search_config=info.get("search_config", "simple")
        )


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
        ("articles", "0021_autosave_of_a_new_story"),
    ]

    operations = [
        migrations.AddField(
            model_name="article",
            name="search_config",
            field=models.CharField(
                default="english",
                editable=False,
                max_length=63,
                verbose_name="search configuration",
            ),
        ),
        migrations.RunPython(give_each_story_its_configuration, migrations.RunPython.noop),
        migrations.RunPython(forward, backward, elidable=False),
    ]
