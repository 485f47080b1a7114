"""API v1 of the learning catalogue: the access rule, progress and quiz endpoints."""

import pytest
from django.urls import reverse

from learning import catalogue_search
from tests.factories import OrganisationFactory, UserFactory
from tests.learning.factories_training import hold, item, module_with_quiz, product

pytestmark = pytest.mark.django_db


@pytest.fixture
def open_user():
    expert = product()
    organisation = OrganisationFactory(formula="open")
    hold(organisation, expert)
    return UserFactory(organisation=organisation), expert


def test_items_are_filtered_by_the_access_rule_with_the_unlocking_formula(client, open_user):
    user, expert = open_user
    item("Bases", products=[expert])
    item("Approfondir", level="private", products=[expert])
    item("Paie", products=[product("module-paie", "Module Paie", "module")])
    client.force_login(user)
    rows = {
        row["title"]: row for row in client.get(reverse("api:learning-item-list")).json()["results"]
    }
    assert set(rows) == {"Bases", "Approfondir"}
    assert rows["Bases"]["is_allowed"] is True and rows["Bases"]["unlocking_formula"] is None
    assert rows["Approfondir"]["is_allowed"] is False
    assert rows["Approfondir"]["unlocking_formula"] == "private"


def test_progress_and_quiz_through_the_api(client, open_user):
    user, expert = open_user
    module, right, wrong = module_with_quiz(products=[expert])
    client.force_login(user)
    progress_url = reverse("api:learning-item-progress", args=[module.public_id])
    assert client.get(progress_url).json() == {  # not started: the schema's fields, empty
        "started_at": None,
        "updated_at": None,
        "chapters_done": [],
        "last_position": 1,
        "completed_at": None,
        "best_score": None,
    }
    done = client.post(progress_url, {"chapter": 1}, content_type="application/json").json()
    assert done["chapters_done"] == [1] and done["last_position"] == 2
    bad = client.post(progress_url, {"chapter": 9}, content_type="application/json")
    assert bad.status_code == 400
    quiz_url = reverse("api:learning-item-quiz", args=[module.public_id])
    question = module.questions.get()
    attempt = client.post(
        quiz_url, {"answers": {str(question.pk): [right.pk]}}, content_type="application/json"
    )
    assert attempt.status_code == 201 and attempt.json()["passed"] is True
    missing = client.post(quiz_url, {"answers": {}}, content_type="application/json")
    assert missing.status_code == 400 and "Répondez" in str(missing.json())


def test_the_schema_documents_the_learning_endpoints(client, open_user):
    client.force_login(open_user[0])
    schema = client.get(reverse("schema")).content.decode()
    assert "/api/v1/learning/items/" in schema and "/api/v1/webassistances/" in schema


def test_the_catalogue_search_is_validated_as_the_knowledge_base_s(client, open_user):
    user, expert = open_user
    for title in ("Clôture de l'exercice", "Bases"):
        catalogue_search.index_item(item(title, products=[expert]))
    client.force_login(user)
    found = client.get(reverse("api:learning-item-list"), {"q": "clôture"}).json()["results"]
    assert [row["title"] for row in found] == ["Clôture de l'exercice"]
    for bad in ("a" * 201, "a\x00b"):
        response = client.get(reverse("api:learning-item-list"), {"q": bad})
        assert response.status_code == 400
        body = response.json()
        assert body["detail"] and body["q"] and all(isinstance(m, str) for m in body["q"])
    schema = client.get(reverse("schema"), {"format": "json"}).json()
    listing = schema["paths"]["/api/v1/learning/items/"]["get"]
    assert "q" in [parameter["name"] for parameter in listing["parameters"]]
    assert "400" in listing["responses"]
