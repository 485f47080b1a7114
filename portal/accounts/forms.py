from django import forms
from django.contrib.auth.password_validation import password_validators_help_text_html
from django.utils.translation import gettext_lazy as _

from portal.accounts.models import CLIENT_ROLES, Role, User
from portal.accounts.rights import DEFAULT_USER_RIGHTS, Right
from portal.core.fields import SingleLineField

CLIENT_ROLE_CHOICES = [(role.value, role.label) for role in CLIENT_ROLES]


class RightsField(forms.MultipleChoiceField):
    widget = forms.CheckboxSelectMultiple

    def __init__(self, **kwargs):
        kwargs.setdefault("choices", Right.choices)
        kwargs.setdefault("required", False)
        kwargs.setdefault("label", _("Droits"))
        kwargs.setdefault("help_text", _("Les administrateurs disposent de tous les droits."))
        super().__init__(**kwargs)


class InviteForm(forms.Form):
    email = forms.EmailField(label=_("Adresse e-mail"))
    first_name = SingleLineField(label=_("Prénom"), max_length=100)
    last_name = SingleLineField(label=_("Nom"), max_length=100)
    role = forms.ChoiceField(label=_("Rôle"), choices=CLIENT_ROLE_CHOICES, initial=Role.CLIENT_USER)
    # Starts with the default rights ticked: unticked boxes mean no right at all.
    rights = RightsField(initial=[right.value for right in DEFAULT_USER_RIGHTS])

    def __init__(self, *args, actor: User, **kwargs):
        super().__init__(*args, **kwargs)
        if not actor.is_client_admin:
            self.fields["role"].choices = [(Role.CLIENT_USER.value, Role.CLIENT_USER.label)]


class AccessForm(forms.Form):
    role = forms.ChoiceField(label=_("Rôle"), choices=CLIENT_ROLE_CHOICES)
    rights = RightsField()


class AcceptInvitationForm(forms.Form):
    password1 = forms.CharField(
        label=_("Mot de passe"),
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
        help_text=password_validators_help_text_html(),
    )
    password2 = forms.CharField(
        label=_("Confirmation du mot de passe"),
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
    )

    def clean(self):
        data = super().clean()
        if data.get("password1") and data.get("password1") != data.get("password2"):
            self.add_error("password2", _("Les deux mots de passe ne correspondent pas."))
        return data


class ProfileForm(forms.ModelForm):
    class Meta:
        model = User
        fields = ["first_name", "last_name", "phone"]


class MemberFilterForm(forms.Form):
    q = forms.CharField(label=_("Rechercher"), required=False)
    role = forms.ChoiceField(
        label=_("Rôle"), required=False, choices=[("", _("Tous"))] + CLIENT_ROLE_CHOICES
    )
    status = forms.ChoiceField(
        label=_("Statut"), required=False, choices=[("", _("Tous"))] + User.Status.choices
    )
