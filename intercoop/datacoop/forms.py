"""The data co-operative's forms. Values are read by ``cells`` in the services, so a row's form
takes text for every column and shows the services' refusals under each field."""

from __future__ import annotations

import uuid
from typing import Any

from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from intercoop.datacoop import cells
from intercoop.datacoop.models import Column, Dataset, DatasetPurpose
from intercoop.datacoop.services.datasets import MAX_CSV_BYTES


class DatasetForm(forms.Form):
    prefix = "dataset"
    name = forms.CharField(label=_("Name"), max_length=200)
    kind = forms.ChoiceField(label=_("Kind"), choices=Dataset.Kind.choices)
    description = forms.CharField(label=_("Description"), widget=forms.Textarea, required=False)
    description_language = forms.ChoiceField(
        label=_("Language of the description"), choices=settings.LANGUAGES
    )


class ColumnForm(forms.Form):
    prefix = "column"
    key = forms.CharField(
        label=_("Key"),
        max_length=40,
        help_text=_("The column's name in CSV files and the API: lowercase letters, digits, _."),
    )
    label = forms.CharField(
        label=pgettext_lazy("dataset column", "Label"),
        help_text=_("What the column is called on the form and in the tables."),
        max_length=200,
    )
    type = forms.ChoiceField(label=_("Type"), choices=Column.Type.choices)
    sensitivity = forms.ChoiceField(label=_("Sensitivity"), choices=Column.Sensitivity.choices)
    required = forms.BooleanField(label=_("Required"), required=False)
    choices = forms.CharField(
        label=_("Options"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("For a choice column: one option a line."),
    )

    def clean_choices(self) -> list[str]:
        return cells.parse_choices(self.cleaned_data.get("choices") or "")


class PurposeForm(forms.Form):
    prefix = "purpose"
    term = forms.ChoiceField(label=_("Purpose (DPV)"), choices=DatasetPurpose.Term.choices)
    description = forms.CharField(
        label=_("What the data is used for, in your words"), widget=forms.Textarea
    )
    description_language = forms.ChoiceField(
        label=_("Language of the description"), choices=settings.LANGUAGES
    )
    review_months = forms.IntegerField(
        label=_("Ask again after (months)"), min_value=1, max_value=60, initial=12
    )


class _Submitted(forms.Form):
    """A key per form shown: the same form submitted twice writes once."""

    submission = forms.UUIDField(widget=forms.HiddenInput, initial=uuid.uuid4)


_WIDGETS: dict[str, type[forms.Widget]] = {
    cells.INTEGER: forms.NumberInput,
    cells.DECIMAL: forms.TextInput,
    cells.TEXT: forms.TextInput,
    cells.DATE: forms.DateInput,
}


class RowForm(_Submitted):
    prefix = "row"

    def __init__(self, *args: Any, columns: list[Column], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.columns = columns
        for column in columns:
            if column.type == cells.CHOICE:
                field: forms.Field = forms.ChoiceField(
                    choices=[("", "—"), *((c, c) for c in column.choices)]
                )
            elif column.type == cells.BOOLEAN:
                field = forms.ChoiceField(
                    choices=[("", "—"), ("true", _("Yes")), ("false", _("No"))]
                )
            else:
                widget = _WIDGETS[column.type]
                attrs = {"type": "date"} if column.type == cells.DATE else {}
                field = forms.CharField(widget=widget(attrs=attrs), strip=False)
            field.label = column.label
            field.required = False  # the services say what is missing, in the same words
            # Required columns are checked by the services, not the browser: say so beside them.
            notes = [_("Required.")] if column.required else []
            if column.sealed:
                notes.append(_("Encrypted at rest."))
            field.help_text = " ".join(str(note) for note in notes)
            self.fields[f"c_{column.key}"] = field

    def values(self) -> dict[str, Any]:
        return {c.key: self.cleaned_data.get(f"c_{c.key}") for c in self.columns}

    def add_refusals(self, errors: dict[str, str]) -> None:
        for key, message in errors.items():
            self.add_error(f"c_{key}" if f"c_{key}" in self.fields else None, message)


class CsvForm(_Submitted):
    prefix = "csv"
    file = forms.FileField(
        label=_("CSV file"),
        help_text=_(
            "UTF-8, a header row of the column keys, then one row a line. At most 5 MB; the "
            "whole file is refused if any row is wrong."
        ),
    )

    def content(self) -> bytes:
        # One byte over the limit, so that the reader refuses a larger file by its size.
        return bytes(self.cleaned_data["file"].read(MAX_CSV_BYTES + 1))


class ConsentForm(forms.Form):
    action = forms.ChoiceField(choices=[("give", "give"), ("withdraw", "withdraw")])
