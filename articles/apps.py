from django.apps import AppConfig
from django.db.backends.signals import connection_created


class ArticlesConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "articles"

    def ready(self):
        from newsroom.db import read_timestamps_in_c

        from .revisions import register_models

        register_models()
        # The reader pages' dates, on PostgreSQL (newsroom/db.py).
        connection_created.connect(read_timestamps_in_c)
