from datetime import timedelta

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from comments.models import Comment, CommentFlag


class Command(BaseCommand):
    help = (
        "Blank the IP addresses and browsers (user agents) stored with comments, "
        "and the IP addresses of reports, older than a number of days "
        "(default COMMENTS_PURGE_IPS_DAYS)."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--older-than",
            type=int,
            default=settings.COMMENTS_PURGE_IPS_DAYS,
            metavar="DAYS",
            help="Age in days (default: %(default)s).",
        )

    def handle(self, *args, older_than, **options):
        if older_than < 0:
            raise CommandError("--older-than must be 0 or more days.")
        cutoff = timezone.now() - timedelta(days=older_than)
        with transaction.atomic():
            comments = (
                Comment.objects.filter(created_at__lt=cutoff)
                .filter(Q(ip_address__isnull=False) | ~Q(user_agent=""))
                .update(ip_address=None, user_agent="")
            )
            flags = CommentFlag.objects.filter(
                created_at__lt=cutoff, ip_address__isnull=False
            ).update(ip_address=None)
        self.stdout.write(
            f"Blanked the IP address and browser of {comments} comments and the "
            f"IP address of {flags} reports older than {older_than} days."
        )
