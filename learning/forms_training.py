"""Forms of the learning catalogue, webassistance and téléassistance pages."""

from datetime import datetime

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from learning.models.training import Track, TrainingItem


class CatalogueFilterForm(forms.Form):
    q = forms.CharField(label=_("Rechercher"), required=False, max_length=200)
    track = forms.ChoiceField(
        label=_("Parcours"), required=False, choices=[("", _("Tous")), *Track.choices]
    )
    kind = forms.ChoiceField(
        label=_("Nature"), required=False, choices=[("", _("Toutes")), *TrainingItem.Kind.choices]
    )


class PostForm(forms.Form):
    body = forms.CharField(
        label=_("Votre message"), widget=forms.Textarea(attrs={"rows": 3}), max_length=5000
    )


class QuizForm(forms.Form):
    """One multiple-choice field per question (several right answers allowed)."""

    def __init__(self, *args, questions=(), **kwargs):
        super().__init__(*args, **kwargs)
        for question in questions:
            self.fields[f"q{question.pk}"] = forms.MultipleChoiceField(
                label=f"{question.position}. {question.text}",
                choices=[(str(c.pk), c.text) for c in question.choices.all()],
                widget=forms.CheckboxSelectMultiple,
                required=True,
                error_messages={"required": _("Choisissez au moins une réponse.")},
            )
        self.questions = list(questions)

    def answers(self) -> dict[int, list[int]]:
        return {
            q.pk: [int(c) for c in self.cleaned_data.get(f"q{q.pk}", [])] for q in self.questions
        }


DATE_WIDGET = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
TIME_WIDGET = forms.TimeInput(attrs={"type": "time"}, format="%H:%M")


class SlotsForm(forms.Form):
    """Up to three slots proposed at once (the first one is required)."""

    ROWS = 3

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for row in range(1, self.ROWS + 1):
            required = row == 1
            self.fields[f"day_{row}"] = forms.DateField(
                label=_("Jour du créneau %(n)s") % {"n": row}, required=required, widget=DATE_WIDGET
            )
            self.fields[f"start_{row}"] = forms.TimeField(
                label=_("Début"), required=required, widget=TIME_WIDGET
            )
            self.fields[f"end_{row}"] = forms.TimeField(
                label=_("Fin"), required=required, widget=TIME_WIDGET
            )

    def clean(self):
        data = super().clean()
        slots = []
        for row in range(1, self.ROWS + 1):
            day, start, end = (data.get(f"{part}_{row}") for part in ("day", "start", "end"))
            if not (day or start or end):
                continue
            if not (day and start and end):
                raise forms.ValidationError(
                    _("Créneau %(n)s : donnez le jour, le début et la fin.") % {"n": row}
                )
            tz = timezone.get_current_timezone()
            slots.append(
                (
                    timezone.make_aware(datetime.combine(day, start), tz),
                    timezone.make_aware(datetime.combine(day, end), tz),
                )
            )
        data["slots"] = slots
        return data


class OutcomeForm(forms.Form):
    done = forms.TypedChoiceField(
        label=_("La téléassistance a-t-elle eu lieu ?"),
        choices=[("1", _("Oui, réalisée")), ("0", _("Non, pas réalisée"))],
        coerce=lambda value: value == "1",
    )
    outcome = forms.CharField(
        label=_("Compte rendu"), widget=forms.Textarea(attrs={"rows": 3}), max_length=2000
    )
