from django.core.management.base import BaseCommand

from articles.models import Article
from articles.renditions import refresh_renditions, renditions_of
from newsroom.pagecache import purge_pages


class Command(BaseCommand):
    help = (
        "Make the smaller copies (renditions) of article pictures that have "
        "none yet: after upgrading, or after loading articles some other way "
        "than the admin. Running it again makes nothing new."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--all",
            action="store_true",
            dest="remake",
            help="Make them again for every picture, for example after "
            "changing IMAGE_RENDITION_WIDTHS.",
        )

    def handle(self, *args, remake=False, **options):
        made = failed = 0
        # Whole rows (but the body): the picture's dimensions are read with it.
        articles = Article.objects.exclude(image="").defer("body").order_by("pk")
        for article in articles.iterator(chunk_size=200):
            if not remake and renditions_of(article):
                continue
            if refresh_renditions(article, remake=remake):
                made += 1
                continue
            failed += 1
            self.stderr.write(
                f"{article.slug}: its picture {article.image.name} could not be "
                "read (missing, or not a picture we take); its page shows the "
                "picture as stored."
            )
        if made:
            purge_pages()
        self.stdout.write(f"Renditions made for {made} pictures; {failed} failed.")
