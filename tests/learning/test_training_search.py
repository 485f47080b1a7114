"""Catalogue search on the shared engine: French, accents folded, access rule in the query."""

import pytest
from django.urls import reverse

from learning.catalogue_search import index_item
from tests.factories import OrganisationFactory, UserFactory
from tests.learning.factories_training import hold, item, module_with_quiz, product

pytestmark = pytest.mark.django_db


def _indexed(*args, **kwargs):
    created = item(*args, **kwargs)
    index_item(created)
    return created


@pytest.fixture
def open_user():
    expert = product()
    organisation = OrganisationFactory(formula="open")
    hold(organisation, expert)
    return UserFactory(organisation=organisation), expert


def test_search_folds_accents_and_stems_and_keeps_the_access_rule(client, open_user):
    user, expert = open_user
    paie = product("module-paie", "Module Paie", "module")
    _indexed("Déclarations de TVA", products=[expert], summary="Préparer la CA3")
    _indexed("TVA avancée", level="private", products=[expert], summary="Régimes particuliers")
    _indexed("TVA sur la paie", products=[paie], summary="Ne doit jamais apparaître")
    _indexed("Lettrage", products=[expert], summary="Rapprocher les écritures")
    client.force_login(user)
    page = client.get(reverse("learning:catalogue"), {"q": "declaration tva"}).content.decode()
    assert "Déclarations de TVA" in page and "Lettrage" not in page
    page = client.get(reverse("learning:catalogue"), {"q": "tva"}).content.decode()
    assert "TVA avancée" in page and "Inclus dans Cegid Private" in page
    assert "TVA sur la paie" not in page
    assert "2 contenus" in page  # the count is the rule's, not the engine's
    api = client.get(reverse("api:learning-item-list"), {"q": "tva"}).json()
    assert api["count"] == 2


def test_chapter_text_is_searchable(client, open_user):
    user, expert = open_user
    module, _r, _w = module_with_quiz(products=[expert])
    chapter = module.chapters.get(position=1)
    chapter.body = "Ouvrez le **rapprochement bancaire** depuis le menu Banque."
    chapter.save()
    index_item(module)
    client.force_login(user)
    page = client.get(reverse("learning:catalogue"), {"q": "rapprochements"}).content.decode()
    assert module.title in page
