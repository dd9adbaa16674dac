from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class DigestSent(models.Model):
    """The daily e-mail went to `user` for `day` (clinic time): written in the transaction that sends it."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="digests_sent", verbose_name=_("user")
    )
    day = models.DateField(_("day"))
    sent_at = models.DateTimeField(_("sent at"))
    flag_count = models.PositiveIntegerField(_("flags listed"))

    class Meta:
        verbose_name = _("daily e-mail sent")
        verbose_name_plural = _("daily e-mails sent")
        constraints = [models.UniqueConstraint(fields=["user", "day"], name="digest_once_per_user_and_day")]

    def __str__(self):
        return f"{self.user} {self.day}"
