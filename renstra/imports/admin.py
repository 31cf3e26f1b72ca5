"""Import and export in the Django admin for realisations, budget realisations and the plan.

The existing admin classes are extended here, not edited: each is unregistered and registered
again with import-export's mixin. Imports run through the import services (see resources.py), so
the admin applies the same rules as the /impor/ page; the import form asks for the office and
the status (or, for the plan, the period).
"""

from django import forms
from django.contrib import admin, messages
from django.http import HttpResponseRedirect
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from import_export.admin import ImportExportMixin
from import_export.forms import ConfirmImportForm, ExportForm, ImportForm

from budgeting.admin import BudgetRealisationAdmin
from budgeting.models import BudgetRealisation
from cascading.admin import PlanNodeAdmin, RealisationAdmin
from cascading.choices import Status
from cascading.models import PlanNode, Realisation
from renstra.models import Organisation, RenstraPeriod
from renstra.params import ascii_int
from renstra.permissions import readable_organisations

from .resources import (
    BudgetFormat,
    BudgetRealisationResource,
    PlanFormat,
    PlanResource,
    RealisationFormat,
    RealisationResource,
    WorkbookExport,
)
from .services import IMPORT_STATUSES
from .storage import is_generated_name, refused_name
from .workbook import ImportFileError

STATUS_CHOICES = [(status, Status(status).label) for status in IMPORT_STATUSES]


class RealisationImportForm(ImportForm):
    organisation = forms.ModelChoiceField(
        label=_("Perangkat daerah"), queryset=Organisation.objects.all()
    )
    status = forms.ChoiceField(
        label=_("Status setelah impor"),
        choices=STATUS_CHOICES,
        initial=Status.DRAFT,
        help_text=_(
            "Terverifikasi hanya untuk administrator, bagi angka yang diverifikasi di luar "
            "aplikasi."
        ),
    )


class GeneratedFileNameMixin:
    """The confirmation step names the waiting file only by the name the storage generated."""

    def clean_import_file_name(self):
        name = self.cleaned_data["import_file_name"]
        if not is_generated_name(name):
            raise forms.ValidationError(str(refused_name().errors[0]))
        return name


class RealisationConfirmForm(GeneratedFileNameMixin, ConfirmImportForm):
    organisation = forms.ModelChoiceField(
        queryset=Organisation.objects.all(), widget=forms.HiddenInput
    )
    status = forms.ChoiceField(choices=STATUS_CHOICES, widget=forms.HiddenInput)


class PlanImportForm(ImportForm):
    period = forms.ModelChoiceField(
        label=_("Periode Renstra"),
        queryset=RenstraPeriod.objects.select_related("organisation"),
    )


class PlanConfirmForm(GeneratedFileNameMixin, ConfirmImportForm):
    period = forms.ModelChoiceField(queryset=RenstraPeriod.objects.all(), widget=forms.HiddenInput)


class ServiceImportMixin(ImportExportMixin):
    """Carries the extra import-form fields to the confirm step and to the resource, shows the
    import's Indonesian refusals, and reports an apply refused as a whole as an error."""

    extra_fields: tuple[str, ...] = ()
    export_formats = [WorkbookExport]

    def create_import_form(self, request):
        form = super().create_import_form(request)
        offices = readable_organisations(request.user)
        if "organisation" in form.fields:
            form.fields["organisation"].queryset = offices
        if "period" in form.fields:
            form.fields["period"].queryset = form.fields["period"].queryset.filter(
                organisation__in=offices
            )
        return form

    def get_confirm_form_initial(self, request, import_form):
        initial = super().get_confirm_form_initial(request, import_form)
        if import_form is not None:
            for name in self.extra_fields:
                value = import_form.cleaned_data[name]
                initial[name] = getattr(value, "pk", value)
        return initial

    def get_import_data_kwargs(self, **kwargs):
        form = kwargs.get("form")
        data = super().get_import_data_kwargs(**kwargs)
        if form is not None:
            data.update({name: form.cleaned_data[name] for name in self.extra_fields})
        return data

    def add_data_read_fail_error_to_form(self, form, e):
        if isinstance(e, ImportFileError):
            for error in e.errors:
                form.add_error("import_file", str(error))
        else:
            super().add_data_read_fail_error_to_form(form, e)

    def process_import(self, request, **kwargs):
        """A confirmation that names a format not offered, or a temporary file that is refused
        (unknown name), gone or unreadable (a crafted or repeated request), goes back to the
        import form with a message instead of failing the page; nothing is imported."""
        if request.method == "POST":
            formats = self.get_import_formats()
            if ascii_int(request.POST.get("format"), maximum=len(formats) - 1) is None:
                return self._refused_confirmation(request)
            if not is_generated_name(request.POST.get("import_file_name")):
                return self._refused_confirmation(request, [str(refused_name().errors[0])])
        try:
            return super().process_import(request, **kwargs)
        except ImportFileError as error:
            return self._refused_confirmation(request, [str(problem) for problem in error.errors])
        except OSError:
            return self._refused_confirmation(request)

    def _refused_confirmation(self, request, problems: list[str] | None = None):
        for problem in problems or [
            _(
                "Konfirmasi impor tidak dapat diproses: berkasnya tidak ada lagi atau "
                "permintaannya tidak sah. Unggah ulang berkasnya."
            )
        ]:
            messages.error(request, problem)
        opts = self.model._meta
        return HttpResponseRedirect(reverse(f"admin:{opts.app_label}_{opts.model_name}_import"))

    def process_result(self, result, request):
        if result.has_validation_errors():
            messages.error(request, _("Impor ditolak; tidak ada yang diubah."))
            for row in result.invalid_rows:
                for message in row.error.messages:
                    messages.error(request, message)
            opts = self.model._meta
            return HttpResponseRedirect(
                reverse(f"admin:{opts.app_label}_{opts.model_name}_changelist")
            )
        return super().process_result(result, request)


class RealisationImportMixin(ServiceImportMixin):
    import_form_class = RealisationImportForm
    confirm_form_class = RealisationConfirmForm
    extra_fields = ("organisation", "status")


admin.site.unregister(Realisation)
admin.site.unregister(BudgetRealisation)
admin.site.unregister(PlanNode)


@admin.register(Realisation)
class RealisationImportExportAdmin(RealisationImportMixin, RealisationAdmin):
    resource_classes = [RealisationResource]
    import_formats = [RealisationFormat]


@admin.register(BudgetRealisation)
class BudgetRealisationImportExportAdmin(RealisationImportMixin, BudgetRealisationAdmin):
    resource_classes = [BudgetRealisationResource]
    import_formats = [BudgetFormat]


@admin.register(PlanNode)
class PlanNodeImportExportAdmin(ServiceImportMixin, PlanNodeAdmin):
    resource_classes = [PlanResource]
    import_formats = [PlanFormat]
    import_form_class = PlanImportForm
    confirm_form_class = PlanConfirmForm
    export_form_class = ExportForm
    extra_fields = ("period",)
