"""The query strings of the Demande lists, validated once for the page and the API.

One django-filter class per list: the agents' queue (art. 12.9), the client's
"Mes demandes", and the API's list that serves both. Each class validates the
query string (a bad value is a French form error on the page, a 400 with field
errors in the API — never a 500), renders the page's filter form and documents
the API's parameters (drf-spectacular reads ``filterset_class``).

The selectors stay the one home of the queries (the caller's scope, the queue's
order): a filter set hands its cleaned values to its selector instead of
filtering field by field, so the queryset given to it is not used.
"""

import copy
import functools

import django_filters
from django import forms
from django.core.exceptions import ValidationError
from django.core.validators import RegexValidator
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema_field

from portal.core.api import UUID_LOOKUP
from subscriptions.models import Formula
from support import selectors
from support.models import Demande

#: The spellings of a yes/no query parameter (those DRF's BooleanField accepts).
TRUE_WORDS = frozenset({"1", "true", "t", "yes", "y", "on"})
FALSE_WORDS = frozenset({"0", "false", "f", "no", "n", "off"})
ASSIGNEE_PATTERN = rf"^(me|none|{UUID_LOOKUP})$"
ASSIGNEE_INVALID = _("Indiquez me, none ou l'identifiant d'un agent.")


def _as_bool(value) -> bool | None:
    """True, False, or None when the text is neither (an empty value is False)."""
    if value is None or isinstance(value, bool):
        return bool(value)
    text = str(value).strip().lower()
    if text in TRUE_WORDS:
        return True
    if text in FALSE_WORDS or not text:
        return False
    return None


class QueryCheckbox(forms.CheckboxInput):
    """A checkbox that hands the raw query value to its field, so that a value
    that is neither yes nor no is an error rather than silently "yes"."""

    def __init__(self, attrs=None):
        super().__init__(attrs, check_test=lambda value: _as_bool(value) is True)

    def value_from_datadict(self, data, files, name):
        return data.get(name)


class YesNoField(forms.Field):
    """A yes/no filter: ``true``/``1``/``on``… or ``false``/``0``/``off``…, else an error."""

    widget = QueryCheckbox
    default_error_messages = {"invalid": _("Indiquez true ou false.")}

    def to_python(self, value) -> bool:
        answer = _as_bool(value)
        if answer is None:
            raise ValidationError(self.error_messages["invalid"], code="invalid")
        return answer


class YesNoFilter(django_filters.BooleanFilter):
    """A boolean filter (documented as such in the schema) that refuses other words."""

    field_class = YesNoField


#: "open" stands for the states still in progress.
STATE_CHOICES = [("open", _("En cours")), *Demande.State.choices]


def _schema(filter_, **schema):
    """Document ``filter_`` in the API schema with these constraints (drf-spectacular
    cannot read a validator or a length limit off a filter)."""
    schema["description"] = str(filter_.extra["help_text"])
    return extend_schema_field({"type": "string", **schema})(filter_)


class _Filters(dict):
    """A filter set's filters, copied for each request the cheap way.

    django-filter deep-copies its class's filters for every filter set; that
    copies each filter's labels, choices and validators, about 1 ms a request
    (issue 11). A request only sets a filter's ``model`` and ``parent`` and may
    replace an entry of its ``extra``: a copy of each filter and of its
    ``extra`` is enough."""

    def __deepcopy__(self, memo) -> dict:
        copies = {}
        for name, filter_ in self.items():
            copied = copy.copy(filter_)
            copied.extra = dict(filter_.extra)
            copied.__dict__.pop("_field", None)  # built again from this copy's extra
            copies[name] = copied
        return copies


class _SelectorFilterSet(django_filters.FilterSet):
    """Validated values go to the list's selector (see the module docstring)."""

    @classmethod
    def get_filters(cls):
        return _Filters(super().get_filters())

    def values(self) -> dict:
        """The cleaned values; a field with an error is left out (its default applies)."""
        self.form.is_valid()  # validates once: the form keeps its errors
        return dict(self.form.cleaned_data)

    def filter_queryset(self, queryset):
        return self.select(self.values())

    def select(self, values: dict):
        raise NotImplementedError


def _agents() -> list[tuple[str, str]]:
    """Each agent's identifier and name (``str(user)``), in the select's order."""
    return [
        (str(public_id), f"{first} {last}".strip() or email)
        for public_id, first, last, email in selectors.support_agent_names()
    ]


def _assignee_choices(agents: list[tuple[str, str]]) -> list[tuple[str, str]]:
    """Everybody, me, nobody, then each agent by name."""
    return [("", _("Tous")), ("me", _("Moi")), ("none", _("Non attribuées")), *agents]


class AgentQueueFilter(_SelectorFilterSet):
    """The agents' queue: Cegid Private first, in order of arrival (art. 12.9)."""

    state = django_filters.ChoiceFilter(
        label=_("État"),
        choices=STATE_CHOICES,
        empty_label=None,
        help_text=_("État, ou « open » pour les demandes en cours (défaut des agents)."),
    )
    formula = django_filters.ChoiceFilter(
        label=_("Formule"),
        choices=Formula.choices,
        empty_label=_("Toutes"),
        help_text=_("Agents : formule du client."),
    )
    # A search box, not a select: there are a thousand client organisations.
    organisation = _schema(
        django_filters.CharFilter(
            label=_("Organisation (nom ou SIREN)"),
            max_length=200,
            help_text=_("Agents : nom ou SIREN du client."),
        ),
        maxLength=200,
    )
    assignee = _schema(
        django_filters.CharFilter(
            label=_("Agent"),
            validators=[RegexValidator(ASSIGNEE_PATTERN, message=ASSIGNEE_INVALID)],
            help_text=_("Agents : me, none ou l'identifiant d'un agent."),
        ),
        pattern=ASSIGNEE_PATTERN,
    )
    breached = YesNoFilter(
        label=_("Délai dépassé"), help_text=_("Agents : délais dépassés seulement.")
    )
    kind = django_filters.ChoiceFilter(
        label=_("Nature"), choices=Demande.Kind.choices, empty_label=_("Toutes")
    )

    #: The page offers the agents in a select; the API takes their identifier.
    offers_agents = True

    class Meta:
        model = Demande
        fields: list[str] = []

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        #: The agents, read once when first asked for: by the select when it is
        #: rendered (not for the table alone, htmx, nor to validate: any agent's
        #: id is valid), or by the page for its cache key.
        self.agents = functools.cache(_agents)
        if self.offers_agents:
            choices = functools.cache(lambda: _assignee_choices(self.agents()))
            self.filters["assignee"].extra["widget"] = forms.Select(choices=choices)

    def select(self, values: dict):
        return selectors.agent_queue(
            state=values.get("state") or "open",
            formula=values.get("formula", ""),
            organisation=values.get("organisation", ""),
            assignee=values.get("assignee", ""),
            breached=values.get("breached", False),
            kind=values.get("kind", ""),
            agent=self.request.user,
        )


class ClientDemandeFilter(_SelectorFilterSet):
    """ "Mes demandes", or the organisation's with ``Right.SEE_ORG_DEMANDES``."""

    scope = django_filters.ChoiceFilter(
        label=_("Demandes"),
        choices=[("mine", _("Mes demandes")), ("organisation", _("Toute l'organisation"))],
        empty_label=None,
        help_text=_("Clients : leurs demandes, ou celles de l'organisation avec le droit."),
    )
    state = django_filters.ChoiceFilter(
        label=_("État"),
        choices=STATE_CHOICES,
        empty_label=_("Tous"),
        help_text=_("État, ou « open » pour les demandes en cours (défaut des agents)."),
    )
    kind = django_filters.ChoiceFilter(
        label=_("Nature"), choices=Demande.Kind.choices, empty_label=_("Toutes")
    )
    q = _schema(
        django_filters.CharFilter(
            label=_("Recherche"), max_length=200, help_text=_("Clients : référence ou objet.")
        ),
        maxLength=200,
    )

    class Meta:
        model = Demande
        fields: list[str] = []

    def __init__(self, *args, can_see_organisation: bool = True, **kwargs):
        super().__init__(*args, **kwargs)
        if not can_see_organisation:
            del self.filters["scope"]

    def select(self, values: dict):
        return selectors.client_demandes(
            self.request.user,
            scope=values.get("scope") or "mine",
            state=values.get("state", ""),
            kind=values.get("kind", ""),
            query=values.get("q", ""),
        )


class DemandeApiFilter(ClientDemandeFilter, AgentQueueFilter):
    """``GET /api/v1/demandes/``: every parameter is validated for everyone; a
    client's list reads the client ones, the agents' queue the agent ones."""

    offers_agents = False
    #: Built once (see get_form_class).
    _form_classes: dict[tuple[str, ...], type] = {}

    class Meta:
        model = Demande
        fields: list[str] = []

    def get_form_class(self):
        """The form of these filters, built once per set of filter names: the API's
        filters do not change from one request to the next, and building the form
        class (a form field per filter) cost about 0.5 ms a request (issue 11)."""
        names = tuple(self.filters)
        if names not in self._form_classes:
            self._form_classes[names] = super().get_form_class()
        return self._form_classes[names]

    def select(self, values: dict):
        if self.request.user.is_vendor_staff:
            # The API's list shows the requester.
            return AgentQueueFilter.select(self, values).select_related("requester")
        return ClientDemandeFilter.select(self, values)
