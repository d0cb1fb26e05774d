import django.db.models.deletion
from django.db import migrations, models


def _drop_single_column_index(table, column, name):
    return migrations.RunSQL(
        f'DROP INDEX IF EXISTS "{name}"',
        reverse_sql=f'CREATE INDEX "{name}" ON "{table}" ("{column}")',
    )


class Migration(migrations.Migration):
    dependencies = [
        ("articles", "0002_listing_indexes"),
        ("comments", "0001_initial"),
    ]

    operations = [
        # The foreign keys lose their own indexes (each column leads a wider
        # one) without the table rebuild and constraint re-check an
        # AlterField would run.
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.AlterField(
                    model_name="comment",
                    name="article",
                    field=models.ForeignKey(
                        db_index=False,
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="comments",
                        to="articles.article",
                    ),
                ),
            ],
            database_operations=[
                _drop_single_column_index(
                    "comments_comment",
                    "article_id",
                    "comments_comment_article_id_94fe60a2",
                ),
            ],
        ),
        migrations.RenameIndex(
            model_name="comment",
            new_name="comment_status_idx",
            old_name="comment_queue_idx",
        ),
        migrations.AddIndex(
            model_name="comment",
            index=models.Index(
                models.Case(
                    models.When(status="pending", then=models.Value(0)),
                    default=models.Value(1),
                ),
                models.F("created_at"),
                models.OrderBy(models.F("id"), descending=True),
                name="comment_queue_idx",
            ),
        ),
    ]
