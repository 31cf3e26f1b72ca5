"""Admin for the SPM services, their yearly figures, the index weights and the kategori scale.

The yearly figures are written through `spm.services` (the SPM page's path): Indonesian numbers,
served not above needing, locks, audit and the version check apply here too.
"""

from django import forms
from django.contrib import admin
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils.translation import gettext_lazy as _
from simple_history.admin import SimpleHistoryAdmin

from cascading.workflow import EditConflict
from renstra.admin import BandAdmin, YearListFilter
from renstra.admin_scope import CONFIG, RECORDS, OfficeScopedAdmin, OfficeScopedInline
from renstra.numbers import format_decimal, format_measure

from . import services
from .models import SpmAnnual, SpmKategoriBand, SpmService, SpmWeights


class IndonesianNumberField(forms.CharField):
    """A number typed the way the entry sheet reads it (`1.250` = 1250), parsed by spm.services."""

    def __init__(self, *, model_field: str, **kwargs):
        self.model_field = model_field
        kwargs.setdefault("required", False)
        super().__init__(**kwargs)

    def prepare_value(self, value):
        if isinstance(value, str) or value is None:
            return value
        return format_measure(value, empty="")

    def to_python(self, value):
        return services.parse_figure(self.model_field, super().to_python(value) or "")


class SpmAnnualForm(forms.ModelForm):
    """The admin's form of a year's figures; on a valid form the service saves them."""

    NUMBER_FIELDS = (*services.COUNT_FIELDS, *services.QUANTITY_FIELDS, *services.PERCENT_FIELDS)
    loaded_version = forms.IntegerField(required=False, widget=forms.HiddenInput)

    class Meta:
        model = SpmAnnual
        fields = ("service", "year", *services.EDITABLE_FIELDS)

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        self.saved = None
        for name in self.NUMBER_FIELDS:
            if name in self.fields:
                model_field = SpmAnnual._meta.get_field(name)
                self.fields[name] = IndonesianNumberField(
                    model_field=name,
                    label=model_field.verbose_name,
                    help_text=model_field.help_text,
                    required=not model_field.blank,
                )
        if self.instance.pk:
            self.fields["loaded_version"].initial = self.instance.version

    def _post_clean(self):
        super()._post_clean()
        if self.errors or self.user is None:
            return
        service = self.cleaned_data.get("service") or self.instance.service
        year = self.cleaned_data.get("year") or self.instance.year
        figures = {name: self.cleaned_data.get(name) for name in services.EDITABLE_FIELDS}
        if self.instance.pk is None:
            expected = None
        else:
            expected = self.cleaned_data.get("loaded_version") or self.instance.version
        entry = services.SpmEntry(service=service, figures=figures, expected_version=expected)
        try:
            self.saved = services.save_spm_figures(user=self.user, year=year, entry=entry)
        except ValidationError as error:
            for name, texts in getattr(error, "message_dict", {"__all__": error.messages}).items():
                self.add_error(name if name in self.fields else None, texts)
        except (PermissionDenied, EditConflict) as error:
            self.add_error(None, str(error))


class SpmAnnualInline(OfficeScopedInline, admin.TabularInline):
    """The service's years, read only: they are changed on their own page (or the SPM page)."""

    model = SpmAnnual
    scope_kind = RECORDS
    show_change_link = True
    fields = (
        "year",
        "target_percent",
        "people_needing",
        "people_served",
        "quality_required",
        "quality_provided",
        "recorded_capaian",
    )
    extra = 0
    ordering = ("year",)


@admin.register(SpmService)
class SpmServiceAdmin(OfficeScopedAdmin, admin.ModelAdmin):
    list_display = ("number", "name", "unit", "organisation")
    list_display_links = ("number", "name")
    list_filter = ("organisation", "unit")
    list_select_related = ("organisation", "unit")
    search_fields = ("name", "recipient_indicator", "quality_indicator")
    ordering = ("organisation__name", "number")
    inlines = (SpmAnnualInline,)


@admin.register(SpmAnnual)
class SpmAnnualAdmin(OfficeScopedAdmin, SimpleHistoryAdmin):
    list_display = (
        "service",
        "year",
        "target_display",
        "people_needing",
        "people_served",
        "recorded_display",
    )
    list_filter = (YearListFilter, "service__organisation")
    list_select_related = ("service",)
    search_fields = ("service__name",)
    ordering = ("service__organisation__name", "service__number", "year")
    form = SpmAnnualForm
    readonly_fields = ("version", "created_by", "updated_by", "updated_at")

    def get_readonly_fields(self, request, obj=None):
        # A year's row stays that service's year: another year is another row.
        fields = super().get_readonly_fields(request, obj)
        return (*fields, "service", "year") if obj is not None else fields

    def get_form(self, request, obj=None, change=False, **kwargs):
        form = super().get_form(request, obj, change=change, **kwargs)
        user = request.user

        class RequestForm(form):
            def __init__(self, *args, **inner):
                super().__init__(*args, user=user, **inner)

        return RequestForm

    def revert_disabled(self, request, obj=None):
        # A past version is read in the history; it is restored by typing it on the form, so
        # the service checks it like any other change.
        return True

    def history_form_view(self, request, object_id, version_id, extra_context=None):
        if request.method == "POST":
            raise PermissionDenied
        return super().history_form_view(request, object_id, version_id, extra_context)

    def save_model(self, request, obj, form, change):
        """The form's clean has saved through spm.services; nothing is saved twice here."""
        if not self._in_office(request, obj) or not self._may_write(request, obj):
            raise PermissionDenied
        saved = form.saved or SpmAnnual.objects.get(service=obj.service, year=obj.year)
        obj.pk = saved.pk
        form.instance = saved

    @admin.display(description=_("target capaian (%)"), ordering="target_percent")
    def target_display(self, obj):
        return format_decimal(obj.target_percent)

    @admin.display(description=_("capaian penerima tercatat (%)"), ordering="recorded_capaian")
    def recorded_display(self, obj):
        return format_decimal(obj.recorded_capaian)


@admin.register(SpmWeights)
class SpmWeightsAdmin(OfficeScopedAdmin, admin.ModelAdmin):
    """The single row of index weights: it can be changed, never added twice or deleted."""

    scope_kind = CONFIG
    list_display = ("__str__", "basis")

    def has_add_permission(self, request, obj=None):
        return super().has_add_permission(request) and not SpmWeights.objects.exists()

    def has_delete_permission(self, request, obj=None):
        return False

    def save_model(self, request, obj, form, change):
        # The database allows only id 1, whatever the sequence says.
        obj.pk = 1
        super().save_model(request, obj, form, change)


admin.site.register(SpmKategoriBand, BandAdmin)
