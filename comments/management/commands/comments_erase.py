from dataclasses import dataclass

from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from comments.models import Comment, CommentFlag, MailRecipient
from newsroom.pagecache import purge_pages


class Command(BaseCommand):
    help = (
        "Erase what Newsroom keeps about one commenter (matched without regard "
        "to case). A comment that other people's comments answer stays as a "
        '"deleted" placeholder with its name, email, text, IP address and '
        "browser blanked, so the replies keep their place; the others are "
        "removed, with the reports about them. Their mail settings are removed. "
        "Bans of the address are the moderators' record and stay."
    )

    def add_arguments(self, parser):
        parser.add_argument("email")
        parser.add_argument(
            "--no-input",
            action="store_false",
            dest="interactive",
            help="Do not ask for confirmation.",
        )

    def handle(self, *args, email, interactive, **options):
        email = email.strip()
        plan = erasure_plan(email)
        if not (plan.targets or plan.has_mail_settings):
            self.stdout.write(f"Nothing is stored for {email}.")
            return
        if interactive and not self._confirmed(email, plan):
            raise CommandError("Nothing erased.")
        erase(plan)
        self.stdout.write(
            f"Erased {len(plan.targets)} comments from {email}: "
            f"{len(plan.placeholders)} kept as deleted placeholders, "
            f"{len(plan.targets) - len(plan.placeholders)} removed"
            f"{'; mail settings removed' if plan.has_mail_settings else ''}."
        )

    def _confirmed(self, email, plan) -> bool:
        answer = input(
            f"Erase {len(plan.targets)} comments from {email} "
            f"({len(plan.placeholders)} become deleted placeholders) and their "
            "mail settings? This cannot be undone. Type 'yes' to continue: "
        )
        return answer.strip().lower() == "yes"


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
