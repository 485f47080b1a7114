"""Forms are written in Python (portal/core/formhtml.py, the portal's
FORM_RENDERER) to spare Django's template per widget: the HTML must be the same
as Django's own, whatever the input (selected values, errors, text to escape)."""

import pytest
from django.forms.renderers import DjangoTemplates
from django.template import Context, Template
from django.test import RequestFactory
from django.test.html import parse_html

from portal.core.formhtml import QuickWidgetRenderer, fields_html
from support.filters import AgentQueueFilter, ClientDemandeFilter

DJANGO_WAY = Template('{% for field in form %}{% include "form_field.html" %}{% endfor %}')


def _django_html(form) -> str:
    form.renderer = DjangoTemplates()  # Django's own, not the portal's FORM_RENDERER
    return DJANGO_WAY.render(Context({"form": form}))


def _both(filter_class, user, query: dict, **kwargs) -> tuple[str, str]:
    request = RequestFactory().get("/", query)
    request.user = user
    quick = filter_class(request.GET, request=request, **kwargs).form
    assert isinstance(quick.renderer, QuickWidgetRenderer)
    quick.is_valid()
    django = filter_class(request.GET, request=request, **kwargs).form
    django.is_valid()
    return fields_html(quick), _django_html(django)


@pytest.mark.parametrize(
    "query",
    [
        {},
        {
            "state": "closed",
            "formula": "private",
            "organisation": 'Acme & "fils" <b>',
            "assignee": "none",
            "breached": "on",
            "kind": "support",
        },
        {"state": "bogus", "breached": "maybe", "assignee": "x", "organisation": "a" * 201},
    ],
)
def test_the_queue_filters_read_as_django_writes_them(agent, other_agent, query):
    quick, django = _both(AgentQueueFilter, agent, query)
    assert parse_html(quick) == parse_html(django)
    assert str(other_agent.public_id) in quick


@pytest.mark.parametrize(
    "query,can_see_organisation",
    [
        ({}, True),
        ({"scope": "organisation", "state": "open", "kind": "customer_service"}, True),
        ({"q": "<script>'x'</script>", "state": "nope"}, False),
    ],
)
def test_the_client_filters_read_as_django_writes_them(client_admin, query, can_see_organisation):
    quick, django = _both(
        ClientDemandeFilter, client_admin, query, can_see_organisation=can_see_organisation
    )
    assert parse_html(quick) == parse_html(django)
    assert "<script>" not in quick


def test_another_widget_is_left_to_django_templates():
    from django import forms

    class Form(forms.Form):
        when = forms.DateField(widget=forms.SelectDateWidget)
        note = forms.CharField(widget=forms.Textarea)
        file = forms.FileField(required=False)

    quick = Form()
    django = Form()
    assert parse_html(fields_html(quick)) == parse_html(_django_html(django))
