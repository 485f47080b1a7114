from django import forms
from django.utils.translation import gettext_lazy as _

from portal.core.text import FREE_TEXT_MAX_LENGTH
from portal.serviceaccounts.models import Instruction, ServiceAccount
from portal.serviceaccounts.services import ALLOWED_FROM


class AccountRequestForm(forms.Form):
    kind = forms.ChoiceField(label=_("Type de compte"), choices=ServiceAccount.Kind.choices)
    login = forms.CharField(label=_("Identifiant souhaité"), max_length=150)
    holder = forms.CharField(label=_("Destiné à"), max_length=150)
    comment = forms.CharField(
        label=_("Précisions"),
        required=False,
        max_length=FREE_TEXT_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class InstructionForm(forms.Form):
    action = forms.ChoiceField(
        label=_("Instruction"),
        choices=[(a.value, a.label) for a in Instruction.Action if a in ALLOWED_FROM],
    )
    comment = forms.CharField(
        label=_("Précisions"),
        required=False,
        max_length=FREE_TEXT_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class CarryOutForm(forms.Form):
    password = forms.CharField(
        label=_("Mot de passe initial"),
        required=False,
        strip=False,
        widget=forms.PasswordInput(render_value=False, attrs={"autocomplete": "new-password"}),
        help_text=_("Chiffré au repos ; l'administrateur le verra une seule fois."),
    )
    note = forms.CharField(
        label=_("Compte rendu"),
        required=False,
        max_length=FREE_TEXT_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    def __init__(self, *args, instruction, **kwargs):
        super().__init__(*args, **kwargs)
        if not instruction.sets_password:
            del self.fields["password"]
        else:
            self.fields["password"].required = True
