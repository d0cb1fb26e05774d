from django.core.management.base import BaseCommand

from comments.models import Comment
from comments.notifications import send_digest


class Command(BaseCommand):
    help = (
        "Mail the moderators about comments held or reported since the last "
        "digest. A comment held less than COMMENTS_DIGEST_MINUTES after a "
        "digest waits for the next one: run this from cron to send it."
    )

    def handle(self, *args, **options):
        named = send_digest()
        if named:
            self.stdout.write(f"Sent a digest naming {named} comments.")
            return
        waiting = Comment.objects.pending().filter(moderators_notified=False).count()
        if waiting:
            self.stdout.write(
                f"{waiting} held comments wait: a digest went out less than "
                "COMMENTS_DIGEST_MINUTES ago, or nobody moderates (see "
                "COMMENTS_MODERATOR_EMAILS)."
            )
        else:
            self.stdout.write("Nothing to send.")
