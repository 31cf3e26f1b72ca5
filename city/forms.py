from django import forms
from django.utils.translation import gettext_lazy as _

from .models import Schedule


class ScheduleForm(forms.ModelForm):
    """One quarter's dates; the order of the dates is checked by the model."""

    class Meta:
        model = Schedule
        fields = ["entry_due", "verify_due", "review_due", "remind_days"]
        widgets = {
            "entry_due": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "verify_due": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "review_due": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        }
        error_messages = {
            field: {"invalid": _("Tanggal tidak dikenal; tulis seperti 2024-04-10.")}
            for field in ("entry_due", "verify_due", "review_due")
        }
