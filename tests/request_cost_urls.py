"""The portal's URLs plus one empty signed-in page, to weigh what every page costs
(tests/test_request_cost.py). Test-only: never in ROOT_URLCONF."""

from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.template import engines
from django.urls import path

from portal.urls import urlpatterns as portal_urlpatterns

EMPTY_PAGE = '{% extends "base.html" %}{% block head_title %}Vide{% endblock %}'


@login_required
def empty_page(request):
    """The base template and its context processors, with no query of its own."""
    template = engines["django"].from_string(EMPTY_PAGE)
    return HttpResponse(template.render({}, request))


urlpatterns = [path("__page-vide__/", empty_page, name="empty_page"), *portal_urlpatterns]
