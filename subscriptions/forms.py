from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from portal.core.errors import DomainError
from subscriptions.models import Contract, Product

DATE_INPUT = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class ExtensionOrderForm(forms.Form):
    """A client orders one storage extension (art. 4); each choice shows its
    monthly price at the tariff in force today (art. 14)."""

    product = forms.ChoiceField(label=_("Extension de stockage"))

    def __init__(self, *args, today=None, **kwargs):
        from subscriptions.extension_orders import extension_offer, storage_extensions_for_sale

        super().__init__(*args, **kwargs)
        today = today or timezone.localdate()
        choices = []
        for product in storage_extensions_for_sale():
            try:
                choices.append((product.code, extension_offer(product, today)))
            except DomainError:  # no tariff in force: not for sale today
                continue
        self.fields["product"].choices = choices


class OrderForm(forms.Form):
    """An order of up to three products at once, so that a production product,
    its Data Ouverture pack and the Microsoft 365 seats can be sold together."""

    ROWS = 3

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        products = Product.objects.filter(is_active=True).order_by("kind", "name")
        for index in range(self.ROWS):
            self.fields[f"product_{index}"] = forms.ModelChoiceField(
                queryset=products,
                required=index == 0,
                label=_("Produit %(n)s") % {"n": index + 1},
            )
            self.fields[f"quantity_{index}"] = forms.IntegerField(
                min_value=1, required=index == 0, label=_("Quantité %(n)s") % {"n": index + 1}
            )

    def clean(self):
        data = super().clean()
        for index in range(self.ROWS):
            product, quantity = data.get(f"product_{index}"), data.get(f"quantity_{index}")
            if bool(product) != bool(quantity):
                self.add_error(
                    f"quantity_{index}", _("Indiquez à la fois le produit et la quantité.")
                )
        return data

    def items(self):
        data = self.cleaned_data
        return [
            (data[f"product_{index}"], data[f"quantity_{index}"])
            for index in range(self.ROWS)
            if data.get(f"product_{index}") and data.get(f"quantity_{index}")
        ]


class AccessCodesForm(forms.Form):
    sent_on = forms.DateField(
        label=_("Codes d'accès communiqués le"),
        widget=DATE_INPUT,
        help_text=_("Date de la première facture (art. 14)."),
    )


class NoticeForm(forms.Form):
    party = forms.ChoiceField(
        label=_("Lettre recommandée envoyée par"), choices=Contract.Party.choices
    )
    received_on = forms.DateField(label=_("Reçue le"), widget=DATE_INPUT)


class ContractFilterForm(forms.Form):
    q = forms.CharField(label=_("Organisation"), required=False)


class LinesChangeForm(forms.Form):
    """One form for every line in force: a new quantity each, 0 to end it (art. 17)."""

    def __init__(self, *args, lines, **kwargs):
        super().__init__(*args, **kwargs)
        self.lines = list(lines)
        for line in self.lines:
            self.fields[f"line_{line.public_id}"] = forms.IntegerField(
                label=_("%(product)s (commandé le %(day)s)")
                % {"product": line.product.name, "day": line.ordered_on.strftime("%d/%m/%Y")},
                min_value=0,
                max_value=line.quantity,
                initial=line.quantity,
                help_text=_("Actuellement %(quantity)s ; 0 arrête la ligne.")
                % {"quantity": line.quantity_label},
            )

    def quantities(self) -> dict[str, int]:
        return {
            str(line.public_id): self.cleaned_data[f"line_{line.public_id}"] for line in self.lines
        }
