"""ArticleImage (a picture placed in an article's body) now belongs to the articles app.

State only: the model leaves this app's migration state; its table `images_articleimage` and its
rows stay where they are, and articles' migration 0007 takes the model over.
"""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("images", "0001_initial"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[migrations.DeleteModel(name="ArticleImage")],
            database_operations=[],
        ),
    ]
