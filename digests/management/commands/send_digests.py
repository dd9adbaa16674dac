from django.core.management.base import BaseCommand
from django.utils import timezone

from digests.services import digests_send


class Command(BaseCommand):
    help = "Send today's daily e-mails now (those not sent yet); in development they print on the console."

    def handle(self, *args, **options):
        failed = digests_send(day=timezone.localdate())
        if failed:
            self.stderr.write(f"{len(failed)} digest(s) not sent; run again later.")
