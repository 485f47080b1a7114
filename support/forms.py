"""Forms of the support pages. They only collect input: the rules are the services'."""

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from portal.core.fields import FreeTextField, SingleLineField
from subscriptions.models import Formula
from support.models import Demande
from support.selectors import client_requesters, support_agents
from support.services.filing import products_for

#: What the browser's file picker offers; the service checks each file by content.
ACCEPTED_EXTENSIONS = ".png,.jpg,.jpeg,.gif,.webp,.pdf,.txt,.fec,.csv,.xlsx,.xls,.xml,.docx,.zip"


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    """Several files in one input; each is checked by content in the service."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault(
            "widget",
            MultipleFileInput(attrs={"accept": ACCEPTED_EXTENSIONS}),
        )
        kwargs.setdefault("required", False)
        super().__init__(*args, **kwargs)

    def clean(self, data, initial=None):
        if isinstance(data, list | tuple):
            return [super(MultipleFileField, self).clean(item, initial) for item in data if item]
        return [super().clean(data, initial)] if data else []


ATTACHMENTS_HELP = _(
    "Captures d'écran (PNG, JPEG, GIF, WebP), PDF, FEC, CSV ou TXT, Excel (XLSX, XLS), XML, "
    "Word (DOCX) ou ZIP, 10 Mo au plus chacun."
)


class DemandeForm(forms.Form):
    """art. 12.2: context, error messages and the sequence of menus, with screenshots."""

    kind = forms.ChoiceField(
        label=_("Nature"),
        choices=Demande.Kind.choices,
        initial=Demande.Kind.SUPPORT,
        widget=forms.RadioSelect,
    )
    category = forms.ChoiceField(
        label=_("Catégorie (service client)"),
        choices=[("", "—"), *Demande.Category.choices],
        required=False,
    )
    product = forms.ModelChoiceField(
        label=_("Produit ou module concerné"), queryset=None, required=False, to_field_name="code"
    )
    dossier = forms.ModelChoiceField(
        label=_("Dossier client concerné"),
        queryset=None,
        required=False,
        to_field_name="public_id",
    )
    subject = SingleLineField(label=_("Objet"), max_length=200)
    context = FreeTextField(
        label=_("Contexte"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("Ce que vous faisiez, sur quel écran, depuis quand."),
    )
    error_messages = FreeTextField(
        label=_("Messages d'erreur"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Copiez le texte exact des messages affichés."),
    )
    menu_sequence = FreeTextField(
        label=_("Enchaînement des menus"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Par exemple : Comptabilité > Écritures > Lettrage."),
    )
    attachments = MultipleFileField(label=_("Pièces jointes"), help_text=ATTACHMENTS_HELP)

    def __init__(self, *args, organisation, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["product"].queryset = products_for(organisation)
        if organisation.is_accounting_firm:
            self.fields["dossier"].queryset = organisation.dossiers.filter(is_active=True)
        else:
            del self.fields["dossier"]
        if organisation.formula == Formula.CONNECT:
            self.fields["kind"].initial = Demande.Kind.CUSTOMER_SERVICE


class PhoneDemandeForm(forms.Form):
    """An agent records a call (art. 12.6); the call time is the registration time."""

    requester = forms.EmailField(
        label=_("E-mail du client (demandeur)"),
        help_text=_("L'adresse du compte de la personne qui appelle."),
    )
    called_at = forms.DateTimeField(
        label=_("Heure de l'appel"),
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
    )
    kind = forms.ChoiceField(label=_("Nature"), choices=Demande.Kind.choices)
    category = forms.ChoiceField(
        label=_("Catégorie (service client)"),
        choices=[("", "—"), *Demande.Category.choices],
        required=False,
    )
    subject = SingleLineField(label=_("Objet"), max_length=200)
    context = FreeTextField(
        label=_("Contexte"), required=False, widget=forms.Textarea(attrs={"rows": 4})
    )
    error_messages = FreeTextField(
        label=_("Messages d'erreur"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    menu_sequence = FreeTextField(
        label=_("Enchaînement des menus"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["called_at"].initial = timezone.localtime().replace(second=0, microsecond=0)

    def clean_requester(self):
        email = self.cleaned_data["requester"]
        person = client_requesters().filter(email__iexact=email).first()
        if person is None:
            raise forms.ValidationError(_("Aucun utilisateur client actif n'a cette adresse."))
        return person


class CommentForm(forms.Form):
    """The page's one form to write and to send files: a message, files, or both."""

    body = FreeTextField(
        label=_("Message"), widget=forms.Textarea(attrs={"rows": 4}), required=False
    )
    attachments = MultipleFileField(label=_("Pièces jointes"), help_text=ATTACHMENTS_HELP)
    internal = forms.BooleanField(label=_("Note interne (invisible du client)"), required=False)
    ask_client = forms.BooleanField(
        label=_("Question au client : la demande passe « en attente de votre réponse »"),
        required=False,
    )

    def __init__(self, *args, staff: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        if not staff:
            del self.fields["internal"]
            del self.fields["ask_client"]

    def clean(self):
        data = super().clean()
        if not (data.get("body") or "").strip() and not data.get("attachments"):
            raise forms.ValidationError(_("Écrivez un message ou joignez un fichier."))
        return data


class AttachmentsForm(forms.Form):
    attachments = MultipleFileField(label=_("Fichiers"), help_text=ATTACHMENTS_HELP, required=True)


class ReopenForm(forms.Form):
    body = FreeTextField(
        label=_("Pourquoi rouvrir la demande ?"), widget=forms.Textarea(attrs={"rows": 3})
    )


class QualifyForm(forms.Form):
    qualification = forms.ChoiceField(
        label=_("Qualification"), choices=Demande.Qualification.choices
    )
    criticality = forms.TypedChoiceField(
        label=_("Criticité (anomalie)"),
        choices=[("", "—"), *Demande.Criticality.choices],
        coerce=int,
        empty_value=None,
        required=False,
    )


class RequalifyForm(QualifyForm):
    """art. 1: the agent changes the qualification or the criticality, and says why."""

    reason = forms.CharField(
        label=_("Raison de la requalification"),
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Visible du client ; les délais repartent de la requalification."),
    )


class RespondForm(forms.Form):
    response = forms.ChoiceField(
        label=_("Réponse"),
        choices=[
            ("action_plan", _("Plan d'action correctif")),
            ("workaround", _("Contournement")),
            ("fix", _("Correctif")),
        ],
    )
    message = FreeTextField(label=_("Message au client"), widget=forms.Textarea(attrs={"rows": 4}))


class ResolveForm(forms.Form):
    message = FreeTextField(
        label=_("Message de résolution"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )


class AssignForm(forms.Form):
    assignee = forms.ModelChoiceField(label=_("Agent"), queryset=None, to_field_name="public_id")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["assignee"].queryset = support_agents()
