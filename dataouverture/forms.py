from datetime import datetime, time, timedelta

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from dataouverture import rules
from dataouverture.models import SavedQuery


def _scope_choices():
    return [(code, f"{code} — {label}") for code, label in rules.SCOPES.items()]


class CredentialForm(forms.Form):
    name = forms.CharField(label=_("Nom"), max_length=100, help_text=_("Ex. « Import GED »."))
    scopes = forms.MultipleChoiceField(
        label=_("Autorisations"), choices=_scope_choices, widget=forms.CheckboxSelectMultiple
    )
    expires_on = forms.DateField(
        label=_("Expire le"),
        widget=forms.DateInput(attrs={"type": "date"}),
        help_text=_("Au plus un an après aujourd'hui."),
    )
    ip_ranges = forms.CharField(
        label=_("Plages d'adresses IP autorisées"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Une par ligne, ex. 203.0.113.0/24. Vide : toute adresse."),
    )
    rate_per_minute = forms.IntegerField(
        label=_("Appels par minute"), min_value=1, max_value=600, initial=60
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["expires_on"].initial = timezone.localdate() + timedelta(days=90)

    def expires_at(self):
        day = self.cleaned_data["expires_on"]
        return timezone.make_aware(datetime.combine(day, time(23, 59)))


class RotateForm(forms.Form):
    overlap_hours = forms.IntegerField(
        label=_("Chevauchement (heures)"),
        min_value=0,
        max_value=168,
        initial=24,
        help_text=_("L'ancien secret reste valable pendant ce délai."),
    )


class QueryForm(forms.Form):
    name = forms.CharField(label=_("Nom"), max_length=100)
    sql = forms.CharField(
        label=_("Requête SQL (lecture seule)"),
        widget=forms.Textarea(attrs={"rows": 6, "spellcheck": "false"}),
    )
    format = forms.ChoiceField(label=_("Format"), choices=SavedQuery.Format.choices)
    schedule = forms.ChoiceField(
        label=_("Planification"), choices=SavedQuery.Schedule.choices, required=False
    )
    push_to_ged = forms.BooleanField(
        label=_("Envoyer aussi vers la GED"),
        required=False,
        help_text=_("Chaque export est déposé dans le dossier « Data Access/<nom> » de votre GED."),
    )

    def __init__(self, *args, offer_ged: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        if not offer_ged:  # only offered when a File Exchange target is configured
            del self.fields["push_to_ged"]


class PreviewForm(forms.Form):
    sql = forms.CharField(widget=forms.Textarea)


class ExchangeTargetForm(forms.Form):
    kind = forms.ChoiceField(
        label=_("Type de GED"),
        choices=[
            ("webdav", _("WebDAV (Nextcloud, SharePoint compatible)")),
            ("s3", _("Stockage compatible S3")),
        ],
    )
    url = forms.URLField(
        label=_("Adresse du serveur"),
        max_length=500,
        assume_scheme="https",
        help_text=_(
            "WebDAV : l'adresse du dossier, ex. "
            "https://cloud.exemple.fr/remote.php/dav/files/compta/ ; "
            "S3 : l'adresse du service."
        ),
    )
    bucket = forms.CharField(label=_("Bucket (S3)"), max_length=100, required=False)
    remote_folder = forms.CharField(
        label=_("Dossier distant"),
        max_length=300,
        required=False,
        help_text=_("Ex. Portail/Documents"),
    )
    username = forms.CharField(label=_("Identifiant ou clé d'accès"), max_length=200)
    secret = forms.CharField(
        label=_("Mot de passe ou clé secrète"),
        required=False,
        widget=forms.PasswordInput(render_value=False),
        help_text=_("Chiffré avant d'être enregistré. Laissez vide pour garder l'actuel."),
    )
    folders = forms.MultipleChoiceField(
        label=_("Dossiers exportés"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Aucun coché : tout le dossier partagé."),
    )
    nightly = forms.BooleanField(label=_("Exporter chaque nuit"), required=False, initial=True)

    def __init__(self, *args, folder_choices=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["folders"].choices = list(folder_choices)
