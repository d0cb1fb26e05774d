"""A commenter's data, erased on request (manage.py comments_erase): like every
other write to comments, through a service the command only calls."""

from dataclasses import dataclass

from django.db import transaction

from newsroom.pagecache import purge_pages

from .models import Comment, CommentFlag, MailRecipient


@dataclass
class ErasurePlan:
    email: str
    # Each of their comments' id and its parent's id.
    targets: dict[int, int | None]
    # Those that other people's comments hang on, directly or through
    # another of theirs.
    placeholders: set[int]
    public: bool
    has_mail_settings: bool


def erasure_plan(email: str) -> ErasurePlan:
    theirs = Comment.objects.filter(email__iexact=email)
    rows = list(theirs.values_list("pk", "parent_id", "status"))
    targets = {pk: parent for pk, parent, _ in rows}
    answered = (
        Comment.objects.filter(parent_id__in=targets)
        .exclude(pk__in=targets)
        .values_list("parent_id", flat=True)
    )
    placeholders = set()
    for pk in set(answered):
        while pk in targets and pk not in placeholders:
            placeholders.add(pk)
            pk = targets[pk]
    return ErasurePlan(
        email=email,
        targets=targets,
        placeholders=placeholders,
        public=any(status == Comment.Status.APPROVED for _, _, status in rows),
        has_mail_settings=MailRecipient.objects.filter(email__iexact=email).exists(),
    )


@transaction.atomic
def erase(plan: ErasurePlan) -> None:
    removed = set(plan.targets) - plan.placeholders
    CommentFlag.objects.filter(comment_id__in=plan.placeholders).delete()
    Comment.objects.filter(pk__in=plan.placeholders).update(
        status=Comment.Status.DELETED,
        name="",
        email="",
        body="",
        ip_address=None,
        user_agent="",
        user=None,
        notify_replies=False,
        flag_count=0,
        hold_reason="",
    )
    Comment.objects.filter(pk__in=removed).delete()
    MailRecipient.objects.filter(email__iexact=plan.email).delete()
    if plan.public:
        purge_pages()
