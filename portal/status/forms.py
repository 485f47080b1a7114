from django import forms
from django.utils.translation import gettext_lazy as _

from portal.core.fields import FreeTextField, SingleLineField
from portal.organisations.models import Organisation
from portal.status.models import Incident, Maintenance, Release, RestorationRequest, Service

DATETIME_WIDGET = forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M")
DATETIME_FORMATS = ["%Y-%m-%dT%H:%M", "%Y-%m-%dT%H:%M:%S", "%d/%m/%Y %H:%M"]


def _datetime_field(label, required=True, help_text=""):
    return forms.DateTimeField(
        label=label,
        required=required,
        widget=DATETIME_WIDGET,
        input_formats=DATETIME_FORMATS,
        help_text=help_text,
    )


def _services_field(label):
    return forms.ModelMultipleChoiceField(
        label=label,
        queryset=Service.objects.filter(is_active=True),
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": _("Choisissez au moins un service concerné.")},
    )


class MaintenanceForm(forms.Form):
    kind = forms.ChoiceField(
        label=_("Nature"),
        choices=Maintenance.Kind.choices,
        initial=Maintenance.Kind.PLANNED,
        widget=forms.RadioSelect,
        help_text=_(
            "Planifiée : annoncée au moins 48 heures à l'avance et entièrement dans la fenêtre "
            "de maintenance (nuits de 00:00 à 07:00, dimanches et jours fériés). "
            "D'urgence : à tout moment."
        ),
    )
    services = _services_field(_("Services concernés"))
    title = SingleLineField(label=_("Titre"), max_length=200)
    start = _datetime_field(_("Début (heure de Paris)"))
    end = _datetime_field(_("Fin (heure de Paris)"))
    description = FreeTextField(label=_("Description"), widget=forms.Textarea, required=False)


class IncidentForm(forms.Form):
    title = SingleLineField(label=_("Titre"), max_length=200)
    environment = forms.ChoiceField(
        label=_("Environnement"),
        choices=Incident.Environment.choices,
        initial=Incident.Environment.PRODUCTION,
    )
    services = _services_field(_("Services touchés"))
    cause = forms.ChoiceField(
        label=_("Catégorie de cause"),
        choices=Incident.Cause.choices,
        initial=Incident.Cause.COUNTED,
        help_text=_(
            "Seule une indisponibilité décomptée de la production entre dans le taux de "
            "disponibilité ; les autres catégories sont les exclusions (i) à (v) de l'article 6."
        ),
    )
    organisation = forms.ModelChoiceField(
        label=_("Seule organisation concernée"),
        queryset=Organisation.objects.order_by("name"),
        required=False,
        empty_label=_("Tous les clients des services touchés"),
        help_text=_("Pour un incident propre à un client (son équipement, son environnement)."),
    )
    start = _datetime_field(_("Début (heure de Paris)"))
    end = _datetime_field(
        _("Fin (heure de Paris)"), required=False, help_text=_("Vide si l'incident est en cours.")
    )
    description = FreeTextField(label=_("Description"), widget=forms.Textarea, required=False)


class CloseIncidentForm(forms.Form):
    end = _datetime_field(_("Fin (heure de Paris)"))


class ReleaseForm(forms.Form):
    kind = forms.ChoiceField(
        label=_("Nature"),
        choices=Release.Kind.choices,
        initial=Release.Kind.NEW_VERSION,
        widget=forms.RadioSelect,
        help_text=_("Les clients sont avertis à l'avance des dates des nouvelles versions."),
    )
    services = _services_field(_("Services concernés"))
    version = SingleLineField(label=_("Version"), max_length=40)
    title = SingleLineField(label=_("Titre"), max_length=200)
    release_date = forms.DateField(
        label=_("Date de mise à disposition"),
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        input_formats=["%Y-%m-%d", "%d/%m/%Y"],
    )
    notes = FreeTextField(label=_("Notes de version"), widget=forms.Textarea, required=False)
    needs_implementation_services = forms.BooleanField(
        label=_("Nécessite des prestations de mise en œuvre (formation, paramétrage)"),
        required=False,
    )
    implementation_notes = FreeTextField(
        label=_("Prestations de mise en œuvre"), widget=forms.Textarea, required=False
    )
    links = FreeTextField(
        label=_("Liens de téléchargement"),
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
        help_text=_("Un lien par ligne : « libellé | https://… » ou simplement l'adresse."),
    )
    file = forms.FileField(label=_("Fichier à télécharger"), required=False)

    def clean_links(self):
        links = []
        url_field = forms.URLField(assume_scheme="https")
        for number, line in enumerate(self.cleaned_data["links"].splitlines(), start=1):
            line = line.strip()
            if not line:
                continue
            label, _sep, url = line.rpartition("|")
            try:
                url = url_field.clean(url.strip())
            except forms.ValidationError as error:
                raise forms.ValidationError(
                    _("Ligne %(number)d : adresse invalide."), params={"number": number}
                ) from error
            links.append((label.strip() or url, url))
        return links


class RestorationForm(forms.Form):
    restore_point = forms.ChoiceField(label=_("Point de restauration"), widget=forms.RadioSelect)
    comment = FreeTextField(
        label=_("Précisions (facultatif)"),
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
    )
    confirm = forms.BooleanField(
        label=_("Je confirme la restauration : les données saisies après ce point seront perdues."),
        error_messages={"required": _("Cochez la case pour confirmer la restauration.")},
    )

    def __init__(self, *args, points=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["restore_point"].choices = [(p.code, p.label) for p in points]
        # Refusal of a point that does not exist is the service's: let any code through.
        self.fields["restore_point"].valid_value = lambda value: True


class RestorationOutcomeForm(forms.Form):
    status = forms.ChoiceField(
        label=_("Issue"),
        choices=[
            (RestorationRequest.Status.DONE, RestorationRequest.Status.DONE.label),
            (RestorationRequest.Status.CANCELLED, RestorationRequest.Status.CANCELLED.label),
        ],
        error_messages={"required": _("Choisissez « effectuée » ou « annulée ».")},
    )


class NoticePreferenceForm(forms.Form):
    receive_notices = forms.BooleanField(
        label=_(
            "Recevoir par e-mail les annonces de maintenance, leurs rappels "
            "et les dates des nouvelles versions"
        ),
        required=False,
    )
