from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class PeopleImport(models.Model):
    """One applied import of offices, units and users: who, when, which file, how many rows of
    each sheet were created or changed, and who was sent a password-set link."""

    imported_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("diimpor oleh"),
    )
    imported_at = models.DateTimeField(_("diimpor pada"), auto_now_add=True)
    file_name = models.CharField(_("nama berkas"), max_length=255)
    counts = models.JSONField(
        _("jumlah"), default=dict, help_text=_("Per sheet: baris baru dan baris berubah.")
    )
    invited = models.JSONField(
        _("diundang"), default=list, help_text=_("Username yang dikirimi tautan atur sandi.")
    )

    class Meta:
        verbose_name = _("impor pengguna")
        verbose_name_plural = _("impor pengguna")
        ordering = ["-imported_at"]

    def __str__(self) -> str:
        return f"{self.file_name} ({self.imported_at:%Y-%m-%d %H:%M})"
