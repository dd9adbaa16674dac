import datetime

from celery import shared_task
from django.conf import settings
from django.utils import timezone

from .services import digests_send


@shared_task(bind=True, max_retries=None)
def daily_digests(self, day: str | None = None) -> int:
    """Send the morning digests of `day` (ISO date, clinic time; default today); retry the failed sends
    every DIGEST_RETRY_SECONDS, DIGEST_RETRIES times, after which the next morning's run includes them."""
    day = day or timezone.localdate().isoformat()
    failed = digests_send(day=datetime.date.fromisoformat(day))
    if failed and not self.request.is_eager and self.request.retries < settings.DIGEST_RETRIES:
        raise self.retry(args=[day], countdown=settings.DIGEST_RETRY_SECONDS)
    return len(failed)
