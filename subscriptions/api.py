"""API v1, read-only: the caller's organisation's contract, lines, invoices and usage.

Scoped by the same selectors as the pages: a client with the "see the contract"
right reads their own organisation's data; another organisation's invoice is a 404.
"""

from django.http import HttpResponse
from django.utils import timezone
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiResponse, extend_schema, extend_schema_view
from rest_framework import mixins, serializers, viewsets
from rest_framework.decorators import action
from rest_framework.generics import GenericAPIView
from rest_framework.permissions import BasePermission
from rest_framework.response import Response

from portal.accounts.rights import Right
from portal.core.api import UUID_LOOKUP
from portal.core.api_values import iso_date
from portal.core.schema import register_links
from subscriptions import rules, selectors
from subscriptions.models import ContractLine, Invoice, InvoiceLine
from subscriptions.pdf import invoice_pdf

TAGS = ["abonnement"]
FORBIDDEN = OpenApiResponse(description="Réservé aux personnes ayant le droit « Voir le contrat ».")
NOT_FOUND = OpenApiResponse(description="Facture inconnue dans votre organisation.")


class SeesContract(BasePermission):
    def has_permission(self, request, view):
        return request.user.is_authenticated and request.user.has_right(Right.SEE_CONTRACT)


class LineSerializer(serializers.ModelSerializer):
    id = serializers.UUIDField(source="public_id", read_only=True)
    product_code = serializers.CharField(source="product.code")
    product_name = serializers.CharField(source="product.name")
    kind = serializers.CharField(source="product.kind")
    unit = serializers.CharField(source="product.unit")
    unit_price = serializers.DecimalField(
        max_digits=10, decimal_places=2, help_text="Prix unitaire mensuel HT (€)."
    )

    class Meta:
        model = ContractLine
        fields = [
            "id",
            "product_code",
            "product_name",
            "kind",
            "unit",
            "quantity",
            "unit_price",
            "ordered_on",
            "ended_on",
        ]
        read_only_fields = fields


#: LineSerializer's price field: its text form of a price (two decimals, as a string).
_UNIT_PRICE = LineSerializer().fields["unit_price"]


def line_items(lines: list[dict]) -> list[dict]:
    """What ``LineSerializer(many=True)`` gives, from the values of
    ``selectors.api_contract_lines`` (issue 11: no serializer field building per
    request); tests/subscriptions/test_api_lines.py checks that both give the same JSON."""
    return [
        {
            "id": str(line["public_id"]),
            "product_code": line["product__code"],
            "product_name": line["product__name"],
            "kind": line["product__kind"],
            "unit": line["product__unit"],
            "quantity": line["quantity"],
            "unit_price": _UNIT_PRICE.to_representation(line["unit_price"]),
            "ordered_on": iso_date(line["ordered_on"]),
            "ended_on": iso_date(line["ended_on"]),
        }
        for line in lines
    ]


class ContractSerializer(serializers.Serializer):
    organisation = serializers.UUIDField(source="contract.organisation.public_id")
    organisation_name = serializers.CharField(source="contract.organisation.name")
    formula = serializers.CharField(source="contract.formula")
    status = serializers.CharField(help_text="pending, initial_term, renewed, notice_given, ended")
    renewals = serializers.IntegerField(help_text="Reconductions tacites intervenues (art. 15).")
    support_started_on = serializers.DateField(source="contract.support_started_on")
    access_codes_sent_on = serializers.DateField(
        source="contract.access_codes_sent_on", help_text="Date de la première facture (art. 14)."
    )
    current_period_last_day = serializers.DateField(allow_null=True)
    notice_deadline = serializers.DateField(
        allow_null=True,
        help_text="Dernier jour de réception d'une lettre recommandée de non-renouvellement.",
    )
    notice_party = serializers.CharField(source="contract.notice_party")
    notice_received_on = serializers.DateField(
        source="contract.notice_received_on", allow_null=True
    )
    next_invoice_on = serializers.DateField(allow_null=True)
    named_users_ordered = serializers.IntegerField()
    quarterly_amount = serializers.DecimalField(max_digits=12, decimal_places=2)


class UsageSerializer(serializers.Serializer):
    named_users_ordered = serializers.IntegerField()
    named_users_active = serializers.IntegerField()
    storage_entitlement = serializers.IntegerField(help_text="Octets.")
    storage_used = serializers.IntegerField(help_text="Octets.")
    named_users_over = serializers.BooleanField()
    storage_over = serializers.BooleanField()


class InvoiceLineSerializer(serializers.ModelSerializer):
    class Meta:
        model = InvoiceLine
        fields = ["product_code", "label", "quantity", "unit_price", "months", "amount"]
        read_only_fields = fields


class InvoiceSerializer(serializers.ModelSerializer):
    id = serializers.UUIDField(source="public_id", read_only=True)
    lines = InvoiceLineSerializer(many=True, read_only=True)

    class Meta:
        model = Invoice
        fields = [
            "id",
            "number",
            "issued_on",
            "period_start",
            "period_end",
            "total_excl_tax",
            "vat_rate",
            "vat_amount",
            "total_incl_tax",
            "lines",
        ]
        read_only_fields = fields


class ContractView(GenericAPIView):
    """The contract of the caller's organisation (art. 3, 14, 15)."""

    permission_classes = [SeesContract]
    serializer_class = ContractSerializer

    @extend_schema(
        tags=TAGS,
        summary="Contrat de l'organisation",
        description=(
            "Formule, état (pending, initial_term, renewed, notice_given, ended), date des "
            "codes d'accès (= première facture, art. 14), fin de la période en cours, date "
            "limite de non-renouvellement (art. 15), prochaine facture, utilisateurs nommés "
            "commandés et montant trimestriel HT."
        ),
        responses={200: ContractSerializer, 403: FORBIDDEN},
    )
    def get(self, request):
        contract = selectors.contract_for(request.user)
        today = timezone.localdate()
        notice = contract.upcoming_notice(today)
        lines = list(selectors.active_lines(contract, today))
        data = {
            "contract": contract,
            "status": contract.status_on(today),
            "renewals": contract.renewals_on(today),
            "current_period_last_day": contract.current_period_last_day(today),
            "notice_deadline": notice[0] if notice else None,
            "next_invoice_on": selectors.next_invoice_date(contract, today),
            "named_users_ordered": rules.named_users(selectors.line_facts(lines)),
            "quarterly_amount": selectors.quarterly_amount(lines),
        }
        return Response(ContractSerializer(data).data)


class UsageView(GenericAPIView):
    """Named users ordered and active; document space entitled and used, in bytes (art. 4, 14)."""

    permission_classes = [SeesContract]
    serializer_class = UsageSerializer

    @extend_schema(
        tags=TAGS,
        summary="Utilisation",
        description=(
            "Utilisateurs nommés commandés et actifs ; espace documentaire auquel "
            "l'organisation a droit (5 Gio par utilisateur nommé plus les extensions, "
            "art. 4) et espace utilisé, en octets. Un dépassement est signalé (art. 14)."
        ),
        responses={200: UsageSerializer, 403: FORBIDDEN},
    )
    def get(self, request):
        contract = selectors.contract_for(request.user)
        usage = selectors.usage(contract, timezone.localdate())
        return Response(UsageSerializer(usage).data)


@extend_schema_view(
    list=extend_schema(
        tags=TAGS,
        summary="Lignes du contrat",
        description="Éléments commandés en vigueur ou à venir, avec leur prix unitaire "
        "mensuel HT figé à la commande.",
        responses={200: LineSerializer(many=True), 403: FORBIDDEN},
    )
)
class ContractLineViewSet(mixins.ListModelMixin, viewsets.GenericViewSet):
    """Lines of the caller's contract: in force and ordered to come."""

    permission_classes = [SeesContract]
    serializer_class = LineSerializer
    pagination_class = None

    def get_queryset(self):
        return selectors.contract_lines(selectors.contract_for(self.request.user))

    def list(self, request, *args, **kwargs):
        return Response(line_items(selectors.api_contract_lines(request.user)))


@extend_schema_view(
    list=extend_schema(
        tags=TAGS,
        summary="Factures",
        description="Factures trimestrielles émises (terme à échoir, art. 14), les plus "
        "récentes d'abord. Une facture émise ne change plus.",
        responses={200: InvoiceSerializer(many=True), 403: FORBIDDEN},
    ),
    retrieve=extend_schema(
        tags=TAGS,
        summary="Une facture",
        responses={200: InvoiceSerializer, 403: FORBIDDEN, 404: NOT_FOUND},
    ),
)
class InvoiceViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    """Issued invoices (immutable), most recent first; the PDF at ``{id}/pdf/``."""

    permission_classes = [SeesContract]
    serializer_class = InvoiceSerializer
    lookup_field = "public_id"
    lookup_value_regex = UUID_LOOKUP

    def get_queryset(self):
        contract = selectors.contract_for(self.request.user)
        return selectors.invoices_of(contract).prefetch_related("lines")

    def get_object(self):
        return selectors.get_invoice(self.request.user, self.kwargs["public_id"])

    @extend_schema(
        tags=TAGS,
        summary="PDF d'une facture",
        responses={
            (200, "application/pdf"): OpenApiResponse(OpenApiTypes.BINARY, description="PDF"),
            403: FORBIDDEN,
            404: NOT_FOUND,
        },
    )
    @action(detail=True, methods=["get"])
    def pdf(self, request, public_id=None):
        invoice = self.get_object()
        response = HttpResponse(invoice_pdf(invoice), content_type="application/pdf")
        response["Content-Disposition"] = f'attachment; filename="facture-{invoice.number}.pdf"'
        return response


register_links(
    "v1_invoices_retrieve",
    pdf=("v1_invoices_pdf_retrieve", {"public_id": "$response.body#/id"}, "Le PDF de la facture."),
)
