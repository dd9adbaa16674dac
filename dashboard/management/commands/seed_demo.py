from django.core.management.base import BaseCommand

from dashboard.demo import DEMO_LOGINS, DEMO_PASSWORD, demo_build, demo_clinic_exists


class Command(BaseCommand):
    help = "Build the deterministic demo clinic and print its logins."

    def add_arguments(self, parser):
        parser.add_argument("--seed", type=int, default=1, help="Random seed: the same seed builds the same clinic.")
        parser.add_argument("--if-empty", action="store_true", help="Do nothing when the demo clinic already exists.")

    def handle(self, *args, seed, if_empty, **options):
        if demo_clinic_exists():
            if not if_empty:
                self.stderr.write("The demo clinic already exists; nothing was changed.")
            self.stdout.write(self.style.SUCCESS("Demo data already present."))
        else:
            self.stdout.write(f"Building the demo clinic (seed {seed})...")
            demo_build(seed=seed)
        self.stdout.write(self.style.SUCCESS(f"Demo logins (password for all: {DEMO_PASSWORD}):"))
        for username, what in DEMO_LOGINS:
            self.stdout.write(f"  {username:<24} {what}")
