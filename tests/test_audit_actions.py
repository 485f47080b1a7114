"""Every audited action reads in French on the client administrators' trail
(art. 11): each app registers its actions (``portal/audit/actions.py``), and
this test fails when the code records an action that has no label.

The scan reads every call to ``portal.audit.services.record`` in the code and
resolves its ``action``: a string literal, a member of an enum (evaluated in
the calling module), either branch of a conditional, or a parameter annotated
with a registered enum (``f"support.{action}"`` where ``action:
DemandeEvent.Action`` and the enum is registered under ``support.``). Anything
else (a string built at run time) fails: record an enum member instead.
"""

import ast
import importlib
from pathlib import Path

import pytest
from django.db.models import Choices

from portal.audit import actions
from portal.status.models import RestorationRequest
from support.models import DemandeEvent

ROOT = Path(__file__).resolve().parent.parent
SOURCES = ["portal", "support", "subscriptions", "learning", "dataouverture"]


def source_files():
    for top in SOURCES:
        for path in sorted((ROOT / top).rglob("*.py")):
            if "migrations" not in path.parts:
                yield path


def module_name(path: Path) -> str:
    return ".".join(path.relative_to(ROOT).with_suffix("").parts)


def imports_record(tree: ast.Module) -> bool:
    return any(
        isinstance(node, ast.ImportFrom)
        and node.module == "portal.audit.services"
        and any(alias.name == "record" for alias in node.names)
        for node in ast.walk(tree)
    )


class RecordCalls(ast.NodeVisitor):
    """(call, innermost enclosing function) for every ``record(...)`` call."""

    def __init__(self):
        self.functions: list = []
        self.calls: list = []

    def visit_FunctionDef(self, node):
        self.functions.append(node)
        self.generic_visit(node)
        self.functions.pop()

    visit_AsyncFunctionDef = visit_FunctionDef

    def visit_Call(self, node):
        if isinstance(node.func, ast.Name) and node.func.id == "record":
            self.calls.append((node, self.functions[-1] if self.functions else None))
        self.generic_visit(node)


def record_calls(tree: ast.Module) -> list:
    visitor = RecordCalls()
    visitor.visit(tree)
    return visitor.calls


def evaluate(expression, namespace: dict):
    try:
        return eval(compile(ast.Expression(expression), "<action>", "eval"), namespace)  # noqa: S307
    except Exception as error:
        raise AssertionError(f"cannot evaluate {ast.unparse(expression)}: {error}") from error


def parameter_enum(function, name: str, namespace: dict) -> type[Choices] | None:
    """The enum a parameter of ``function`` is annotated with, if any."""
    if function is None:
        return None
    arguments = function.args
    for argument in [*arguments.posonlyargs, *arguments.args, *arguments.kwonlyargs]:
        if argument.arg == name and argument.annotation is not None:
            annotation = evaluate(argument.annotation, namespace)
            if isinstance(annotation, type) and issubclass(annotation, Choices):
                return annotation
    return None


def resolve(expression, function, namespace: dict) -> list[str]:
    """The action codes ``expression`` may take; AssertionError when it cannot tell."""
    if isinstance(expression, ast.Constant) and isinstance(expression.value, str):
        return [expression.value]
    if isinstance(expression, ast.IfExp):
        return resolve(expression.body, function, namespace) + resolve(
            expression.orelse, function, namespace
        )
    if isinstance(expression, ast.Attribute):
        return [str(evaluate(expression, namespace))]
    if isinstance(expression, ast.Subscript):
        # A mapping to enum members (``RESTORATION_OUTCOMES[status]``): any of its values.
        mapping = evaluate(expression.value, namespace)
        assert isinstance(mapping, dict), f"{ast.unparse(expression.value)} is not a mapping"
        return [str(member) for member in mapping.values()]
    if isinstance(expression, ast.Name):
        enum = parameter_enum(function, expression.id, namespace)
        assert enum is not None, f"{expression.id} is not annotated with an enum"
        return [str(member) for member in enum]
    if isinstance(expression, ast.JoinedStr) and len(expression.values) == 2:
        head, tail = expression.values
        if isinstance(head, ast.Constant) and isinstance(tail, ast.FormattedValue):
            enum = actions.registered_prefixes().get(head.value)
            assert enum is not None, f"{head.value!r} is no registered prefix"
            assert isinstance(tail.value, ast.Name)
            assert parameter_enum(function, tail.value.id, namespace) is enum
            return [head.value + str(member) for member in enum]
    raise AssertionError(f"cannot tell which action {ast.unparse(expression)} records")


def recorded_actions() -> dict[str, list[str]]:
    """Every action the code may record → where it is recorded."""
    found: dict[str, list[str]] = {}
    for path in source_files():
        tree = ast.parse(path.read_text(), filename=str(path))
        if not imports_record(tree):
            continue
        namespace = vars(importlib.import_module(module_name(path)))
        for call, function in record_calls(tree):
            where = f"{path.relative_to(ROOT)}:{call.lineno}"
            action = next((kw.value for kw in call.keywords if kw.arg == "action"), None)
            assert action is not None, f"{where}: record() without action="
            try:
                codes = resolve(action, function, namespace)
            except AssertionError as error:
                pytest.fail(f"{where}: {error}; record a registered enum member instead")
            for code in codes:
                found.setdefault(code, []).append(where)
    return found


def test_the_scan_finds_the_actions_of_every_app():
    found = recorded_actions()
    prefixes = {code.split(".")[0] for code in found}
    assert {"user", "organisation", "document", "status", "subscriptions", "support"} <= prefixes
    assert {"kb", "learning", "dataouverture", "serviceaccounts"} <= prefixes
    assert len(found) > 80


def test_every_recorded_action_has_a_french_label():
    unlabelled = {
        code: where for code, where in recorded_actions().items() if not actions.is_registered(code)
    }
    assert unlabelled == {}


def test_every_demande_event_reads_in_the_trail_as_in_the_timeline():
    for member in DemandeEvent.Action:
        assert actions.label(f"support.{member.value}") == str(member.label)


def test_no_label_is_the_raw_code():
    for code in actions.registered_codes():
        assert actions.label(code) != code


@pytest.mark.parametrize(
    ("status", "label"),
    [
        (RestorationRequest.Status.DONE, "Restauration effectuée"),
        (RestorationRequest.Status.CANCELLED, "Demande de restauration annulée"),
    ],
)
def test_a_restoration_outcome_reads_in_french(status, label):
    assert actions.label(f"status.restoration_{status}") == label


def test_an_unknown_code_reads_as_itself():
    assert actions.label("nothing.known") == "nothing.known"


def test_two_enums_cannot_claim_one_code(monkeypatch):
    from django.core.exceptions import ImproperlyConfigured
    from django.db.models import TextChoices

    from portal.status.audit_actions import StatusAction

    monkeypatch.setattr(actions, "_registry", dict(actions._registry))

    class Impostor(TextChoices):
        DONE = "status.restoration_done", "Autre chose"

    actions.register(StatusAction)  # the same enum again: harmless
    with pytest.raises(ImproperlyConfigured):
        actions.register(Impostor)


FEATURE_APPS = (
    "support",
    "subscriptions",
    "learning",
    "dataouverture",
    "portal.documents",
    "portal.status",
    "portal.serviceaccounts",
)


def test_the_audit_app_imports_no_feature_app():
    imported = set()
    for path in (ROOT / "portal" / "audit").rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text())):
            if isinstance(node, ast.ImportFrom) and node.module:
                imported.add(node.module)
            elif isinstance(node, ast.Import):
                imported.update(alias.name for alias in node.names)
    assert not [m for m in imported if m.startswith(FEATURE_APPS)]
