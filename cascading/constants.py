"""Constants of the computed figures: which realisations count, the efficiency reading."""

from decimal import Decimal

from django.db import models
from django.utils.translation import gettext_lazy as _

from .choices import Status

# Which realisation statuses a figure counts: dashboards count verified values only; a report may
# also count values submitted and awaiting verification.
VERIFIED_ONLY = (Status.VERIFIED,)
SUBMITTED_AND_VERIFIED = (Status.SUBMITTED, Status.VERIFIED)

# A printed capaian further than this from the computed one is reported to planning staff.
CAPAIAN_TOLERANCE = Decimal("0.01")


class Efficiency(models.TextChoices):
    """Reading of a program's capaian kinerja against its serapan anggaran (LKjIP analysis).

    Efficiency ratio = capaian kinerja / serapan anggaran x 100. At or above 100 the program reached
    at least as much of its performance target as it spent of its budget: efisien.
    """

    EFFICIENT = "efisien", _("Efisien")
    INEFFICIENT = "tidak_efisien", _("Tidak efisien")


EFFICIENCY_THRESHOLD = Decimal("100")
