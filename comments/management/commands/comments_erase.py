from django.core.management.base import BaseCommand, CommandError

from comments.erasure import erase, erasure_plan


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
