import json

from django.core.management.base import BaseCommand
from django.core.serializers.json import DjangoJSONEncoder

from comments.mail import absolute
from comments.models import Comment, MailRecipient


class Command(BaseCommand):
    help = (
        "Print, as JSON, what Newsroom keeps about one commenter: their comments "
        "(with the IP address and browser stored with each) and their mail "
        "settings. The address is matched without regard to case."
    )

    def add_arguments(self, parser):
        parser.add_argument("email")

    def handle(self, *args, email, **options):
        self.stdout.write(
            json.dumps(commenter_data(email), cls=DjangoJSONEncoder, indent=2)
        )


def commenter_data(email: str) -> dict:
    comments = (
        Comment.objects.filter(email__iexact=email.strip())
        .select_related("article")
        .order_by("created_at", "id")
    )
    recipient = MailRecipient.objects.filter(email__iexact=email.strip()).first()
    return {
        "email": email.strip(),
        "comments": [_comment_data(c) for c in comments],
        "mail": _mail_data(recipient) if recipient else None,
    }


def _mail_data(recipient: MailRecipient) -> dict:
    return {
        "email": recipient.email,
        "last_sent_at": recipient.last_sent_at,
        "unsubscribed_at": recipient.unsubscribed_at,
    }


def _comment_data(comment: Comment) -> dict:
    return {
        "id": comment.pk,
        "article": comment.article.headline,
        "article_url": absolute(comment.article.get_absolute_url()),
        "in_reply_to": comment.parent_id,
        "created_at": comment.created_at,
        "edited_at": comment.edited_at,
        "status": comment.status,
        "name": comment.name,
        "email": comment.email,
        "body": comment.body,
        "ip_address": comment.ip_address,
        "user_agent": comment.user_agent,
        "email_me_replies": comment.notify_replies,
    }
