from django import forms
from django.utils.translation import gettext_lazy as _

from portal.core.fields import SingleLineField
from portal.organisations.formulas import Formula
from portal.organisations.models import Organisation


class OrganisationCreateForm(forms.Form):
    name = SingleLineField(label=_("Raison sociale"), max_length=200)
    siren = forms.CharField(label=_("SIREN"), max_length=9, min_length=9)
    kind = forms.ChoiceField(label=_("Type"), choices=Organisation.Kind.choices)
    formula = forms.ChoiceField(label=_("Formule"), choices=Formula.choices)
    support_started_on = forms.DateField(
        label=_("Début du support"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
    )
    # Required: every invoice prints the client's full postal address (C. com. art. L441-9).
    address = SingleLineField(label=_("Adresse (numéro et voie)"), max_length=255)
    postal_code = SingleLineField(label=_("Code postal"), max_length=10)
    city = SingleLineField(label=_("Ville"), max_length=120)
    admin_email = forms.EmailField(label=_("E-mail du premier administrateur"))
    admin_first_name = SingleLineField(label=_("Prénom de l'administrateur"), max_length=100)
    admin_last_name = SingleLineField(label=_("Nom de l'administrateur"), max_length=100)


class AdminInviteForm(forms.Form):
    email = forms.EmailField(label=_("Adresse e-mail"))
    first_name = SingleLineField(label=_("Prénom"), max_length=100)
    last_name = SingleLineField(label=_("Nom"), max_length=100)


class SecurityForm(forms.Form):
    mfa_required = forms.BooleanField(
        label=_("Exiger la double authentification pour tous les comptes de l'organisation"),
        required=False,
    )


class DossierForm(forms.Form):
    reference = SingleLineField(label=_("Référence"), max_length=40)
    name = SingleLineField(label=_("Nom du client"), max_length=200)
    siren = forms.CharField(label=_("SIREN (facultatif)"), max_length=9, required=False)
