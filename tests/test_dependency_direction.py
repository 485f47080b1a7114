"""The platform knows no feature (README, "Architecture").

``portal/*`` (accounts, organisations, audit, core, documents, status, …) is
the platform; ``support``, ``subscriptions``, ``learning`` and
``dataouverture`` are features built on it. A feature may import the
platform; a platform module never imports a feature: what it needs from one
is named in the settings (e.g. ``DOCUMENTS_QUOTA_PROVIDER``) or reaches it
through a signal. Scanned with the AST, function-local imports included.
"""

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
FEATURES = frozenset({"support", "subscriptions", "learning", "dataouverture"})

#: The composition root: it lists the installed apps, their URLs and schedules.
COMPOSITION_ROOT = frozenset(
    {
        "portal/settings.py",
        "portal/urls.py",
        "portal/api_urls.py",
        "portal/celery.py",
        # Demo seeding builds a whole portal: every app's data.
        "portal/core/management/commands/seed_demo.py",
        # The load test's seed and its after-run check (issue 11) read every app's rows.
        "portal/core/loadcheck.py",
        "portal/core/management/commands/seed_load.py",
    }
)

#: Arrows that still point the wrong way, each to be turned round (issue 12).
#: A new one is a failure; removing one only means deleting its line here.
KNOWN_EXCEPTIONS = {
    # Invitations warn with the overage figures of the contract (art. 14).
    ("portal/accounts/selectors.py", "subscriptions"),
    ("portal/accounts/selectors.py", "subscriptions.models"),
    ("portal/accounts/selectors.py", "subscriptions.services"),
    ("portal/accounts/selectors.py", "subscriptions.terms"),
    # Deleting a person pseudonymises their name in Demande timelines.
    ("portal/accounts/services.py", "support.models"),
    # Creating an organisation opens its contract record; the admin shows it inline.
    ("portal/organisations/admin.py", "subscriptions.models"),
    ("portal/organisations/services.py", "subscriptions.models"),
    # Service-account instructions and restoration requests are filed as
    # customer-service Demandes (art. 9, 11).
    ("portal/serviceaccounts/services.py", "support.models"),
    ("portal/serviceaccounts/services.py", "support.services"),
    ("portal/status/services.py", "support.services"),
    ("portal/status/services.py", "support.models"),  # the Demande it returns (typing)
    # Demo data: the products a release concerns.
    ("portal/status/demo.py", "subscriptions.models"),
}


def feature_imports(path: Path) -> set[str]:
    """Every feature module ``path`` imports, at module level or inside a function."""
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    modules = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            modules.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            modules.add(node.module)
    return {module for module in modules if module.split(".")[0] in FEATURES}


def platform_modules() -> list[Path]:
    return sorted((ROOT / "portal").rglob("*.py"))


def test_no_platform_module_imports_a_feature():
    wrong_way = {
        (path.relative_to(ROOT).as_posix(), module)
        for path in platform_modules()
        if path.relative_to(ROOT).as_posix() not in COMPOSITION_ROOT
        for module in feature_imports(path)
    }
    assert sorted(wrong_way - KNOWN_EXCEPTIONS) == [], (
        "The platform (portal/*) must not import a feature app: name what it needs "
        "in the settings or use a signal (README, Architecture)."
    )


def test_the_scan_sees_function_local_imports(tmp_path):
    module = tmp_path / "module.py"
    module.write_text(
        "import os\n"
        "from portal.core import dates\n"
        "def f():\n"
        "    from subscriptions.models import Contract\n"
        "    import learning.access\n"
        "    from . import sibling\n"
    )
    assert feature_imports(module) == {"subscriptions.models", "learning.access"}


def test_the_two_arrows_issue_12_named_point_the_right_way():
    """organisations no longer imports subscriptions' Formula; documents no longer
    imports subscriptions (its quota comes through DOCUMENTS_QUOTA_PROVIDER)."""
    for name in ("models.py", "forms.py", "views.py"):
        assert feature_imports(ROOT / "portal/organisations" / name) == set()
    for path in (ROOT / "portal/documents").rglob("*.py"):
        assert feature_imports(path) == set(), path
