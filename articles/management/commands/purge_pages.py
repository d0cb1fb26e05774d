from django.core.management.base import BaseCommand

from newsroom.pagecache import purge_pages


class Command(BaseCommand):
    help = (
        "Empty the page cache, so readers get freshly rendered pages. Needed only "
        "after changing content outside the admin (a script, the shell)."
    )

    def handle(self, *args, **options):
        purge_pages()
        self.stdout.write("Page cache purged.")
