"""Upload forms of the import page: a realisation workbook with the status to give it, or a plan
workbook with the period to load it into."""

from django import forms
from django.utils.translation import gettext_lazy as _

from cascading.choices import Status
from renstra.models import Organisation, RenstraPeriod
from renstra.permissions import can_administer

from .workbook import max_bytes, megabytes

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


class UploadForm(forms.Form):
    workbook = forms.FileField(
        label=_("Berkas Excel (.xlsx)"),
        widget=forms.ClearableFileInput(attrs={"accept": f".xlsx,{XLSX}"}),
    )

    def clean_workbook(self):
        upload = self.cleaned_data["workbook"]
        if upload.size > max_bytes():
            raise forms.ValidationError(
                _("Berkas %(size)s MB melebihi batas %(limit)s MB.")
                % {"size": megabytes(upload.size), "limit": megabytes(max_bytes())}
            )
        return upload


class RealisationUploadForm(UploadForm):
    status = forms.ChoiceField(
        label=_("Status setelah impor"),
        initial=Status.DRAFT,
        help_text=_("Draf dapat diubah lagi; diajukan langsung menunggu verifikasi."),
    )

    def __init__(self, *args, user, organisation: Organisation, **kwargs):
        # Two upload forms share the page: distinct element ids.
        super().__init__(*args, auto_id="realisasi_%s", **kwargs)
        statuses = [Status.DRAFT, Status.SUBMITTED]
        if can_administer(user, organisation.pk):
            statuses.append(Status.VERIFIED)
        self.fields["status"].choices = [(status, Status(status).label) for status in statuses]


class PlanUploadForm(UploadForm):
    period = forms.ModelChoiceField(
        label=_("Periode Renstra"), queryset=RenstraPeriod.objects.none()
    )

    def __init__(self, *args, organisation: Organisation, **kwargs):
        super().__init__(*args, auto_id="rencana_%s", **kwargs)
        self.fields["period"].queryset = RenstraPeriod.objects.filter(organisation=organisation)
