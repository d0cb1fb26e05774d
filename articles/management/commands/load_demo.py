from django.core.management.base import BaseCommand

from articles.demo.loader import load_demo
from newsroom.pagecache import purge_pages


class Command(BaseCommand):
    help = (
        "Load the demo newsroom: sections, reporters, stories with pictures, "
        "comments and the admin account. Running it again adds only what is "
        "missing."
    )

    def handle(self, *args, **options):
        summary = load_demo()
        # The loader writes past the services, so nothing else purges.
        purge_pages()
        self.stdout.write(self.style.SUCCESS(f"Demo newsroom ready: {summary}."))
