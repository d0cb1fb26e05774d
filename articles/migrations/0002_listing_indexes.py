import django.db.models.deletion
from django.db import migrations, models


def _drop_single_column_index(table, column, name):
    return migrations.RunSQL(
        f'DROP INDEX IF EXISTS "{name}"',
        reverse_sql=f'CREATE INDEX "{name}" ON "{table}" ("{column}")',
    )


class Migration(migrations.Migration):
    dependencies = [
        ("articles", "0001_initial"),
        ("authors", "0001_initial"),
    ]

    operations = [
        # The foreign keys lose their own indexes (each column leads a wider
        # one) without the table rebuild and constraint re-check an
        # AlterField would run.
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.AlterField(
                    model_name="article",
                    name="section",
                    field=models.ForeignKey(
                        db_index=False,
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="articles",
                        to="articles.section",
                    ),
                ),
                migrations.AlterField(
                    model_name="taggedarticle",
                    name="content_object",
                    field=models.ForeignKey(
                        db_index=False,
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="tagged_items",
                        to="articles.article",
                    ),
                ),
                migrations.AlterField(
                    model_name="taggedarticle",
                    name="tag",
                    field=models.ForeignKey(
                        db_index=False,
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="tagged_articles",
                        to="articles.tag",
                    ),
                ),
            ],
            database_operations=[
                _drop_single_column_index(
                    "articles_article",
                    "section_id",
                    "articles_article_section_id_624070f6",
                ),
                _drop_single_column_index(
                    "articles_taggedarticle",
                    "content_object_id",
                    "articles_taggedarticle_content_object_id_c4150235",
                ),
                _drop_single_column_index(
                    "articles_taggedarticle",
                    "tag_id",
                    "articles_taggedarticle_tag_id_23d7d828",
                ),
            ],
        ),
        migrations.RemoveIndex(
            model_name="article",
            name="article_published_idx",
        ),
        migrations.RemoveIndex(
            model_name="article",
            name="article_section_idx",
        ),
        migrations.AddIndex(
            model_name="article",
            index=models.Index(
                fields=["status", "-published_at", "-id"], name="article_published_idx"
            ),
        ),
        migrations.AddIndex(
            model_name="article",
            index=models.Index(
                fields=["section", "status", "-published_at", "-id"],
                name="article_section_idx",
            ),
        ),
        migrations.AddIndex(
            model_name="article",
            index=models.Index(
                condition=models.Q(("is_featured", True)),
                fields=["-published_at", "-id"],
                name="article_featured_idx",
            ),
        ),
        migrations.AddIndex(
            model_name="article",
            index=models.Index(
                fields=["-published_at", "-id"], name="article_date_idx"
            ),
        ),
        migrations.AddIndex(
            model_name="taggedarticle",
            index=models.Index(
                fields=["tag", "content_object"], name="tagged_article_tag_idx"
            ),
        ),
    ]
