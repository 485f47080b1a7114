"""allauth forms adapted to the portal's rules."""

from allauth.account.forms import AddEmailForm
from django import forms
from django.utils.translation import gettext_lazy as _


class NoSecondaryEmailForm(AddEmailForm):
    """One address = one person: an account has its own address and no other.

    The address identifies the person across the portal (invitations, login,
    password reset); a second one, typed by anyone, would let two accounts
    claim the same person.
    """

    def clean_email(self) -> str:
        raise forms.ValidationError(
            _(
                "Un compte n'a qu'une adresse e-mail, celle de l'invitation. Pour en "
                "changer, demandez à votre administrateur."
            )
        )
