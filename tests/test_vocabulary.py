"""One word per thing across pages, e-mails and PDF (issue 10, "One
vocabulary"): the words people read are taken from every template and every
gettext string, and the variants the portal settled against are refused."""

import re
from datetime import UTC, date, datetime
from pathlib import Path

import pytest
from django.template import engines
from django.urls import reverse

from portal.core.dates import long_date, period_text

ROOT = Path(__file__).resolve().parent.parent
APPS = ("portal", "support", "subscriptions", "learning", "dataouverture")

#: (variant refused, the portal's word)
BANNED = [
    (r"\b[Cc]ourriels?\b", "« e-mail » (« E-mail » en début de phrase)"),
    (r"(?<![-\w])(?:[Ee]mails?|[Mm]ails?)\b", "« e-mail »"),
    (r"(?<!Cegid )(?<![\w-])(?:Open|Private|Connect)\b", "« Cegid Open », « Cegid Private »…"),
    (r"\b(?:Kio|Mio|Gio|Tio|KB|MB|GB|kB)\b", "« Ko », « Mo », « Go »"),
    (r"\b\d{1,2} ?h ?\d{2}\b|\bdès \d{1,2} h\b", "l'heure en « 14:30 »"),
    (r"\w\((?:s|e|es)\)", "un pluriel par ngettext / blocktranslate count"),
]

TRANSLATE_TAG = re.compile(r"""{%\s*translate\s+(["'])(.*?)\1[^%]*%}""", re.S)
GETTEXT_CALL = re.compile(
    r"""\b(?:_|gettext|gettext_lazy|ngettext|ngettext_lazy|pgettext)\(\s*"((?:[^"\\]|\\.)*)\"""",
)


def _template_words(source: str) -> str:
    """What a reader of the rendered template sees, roughly: translated
    strings and the text between tags, without template code or markup."""
    source = re.sub(r"{%\s*comment\s*%}.*?{%\s*endcomment\s*%}|{#.*?#}", " ", source, flags=re.S)
    attributes = " ".join(match[1] for match in TRANSLATE_TAG.findall(source))
    source = TRANSLATE_TAG.sub(" ", source)
    source = re.sub(r"{%.*?%}|{{.*?}}", " ", source, flags=re.S)
    source = re.sub(r"<[^>]*>", " ", source, flags=re.S)
    return f"{source} {attributes}"


def _texts():
    for path in sorted((ROOT / "templates").rglob("*")):
        if path.suffix in {".html", ".txt"}:
            yield path, _template_words(path.read_text())
    for app in APPS:
        for path in sorted((ROOT / app).rglob("*.py")):
            if "migrations" not in path.parts:
                strings = " ".join(GETTEXT_CALL.findall(path.read_text()))
                yield path, re.sub(r"%\(\w+\)[sd]", " ", strings)  # placeholders


def test_no_refused_variant_in_templates_e_mails_or_gettext_strings():
    found = []
    for path, text in _texts():
        for pattern, word in BANNED:
            for match in re.finditer(pattern, text):
                found.append(f"{path.relative_to(ROOT)}: « {match.group()} » → {word}")
    assert found == []


def test_long_dates_go_through_long_date():
    """``|date:"j F Y"`` writes "1 décembre"; ``|long_date`` writes "1er décembre"."""
    offenders = [
        str(path.relative_to(ROOT))
        for path in (ROOT / "templates").rglob("*.html")
        if re.search(r"""\|date:["']j F""", path.read_text())
    ]
    assert offenders == []


#: Format strings a template may still give: machine-readable ``<time datetime>``
#: attributes, and the audit trail's seconds.
MACHINE_FORMATS = {"c", "d/m/Y H:i:s"}


def test_dates_and_times_go_through_the_house_filters():
    """``|date_time``, ``|short_date``… (``portal/core/dates.py``), not a format string."""
    offenders = [
        f"{path.relative_to(ROOT)}: {match[1]}"
        for path in (ROOT / "templates").rglob("*")
        if path.suffix in {".html", ".txt"}
        for match in re.findall(r"""\|(?:date|time):(["'])(.*?)\1""", path.read_text())
        if match[1] not in MACHINE_FORMATS
    ]
    assert offenders == []


@pytest.mark.parametrize(
    "filter_,expected",
    [
        ("long_date", "1er décembre 2026"),
        ("date_time", "1er décembre 2026 à 09:05"),
        ("short_date", "01/12/2026"),
        ("short_date_time", "01/12/2026 09:05"),
        ("day_date", "mardi 01/12/2026"),
        ("day_date_time", "mardi 01/12/2026 à 09:05"),
        ("clock", "09:05"),
        ("month_year", "décembre 2026"),
    ],
)
def test_the_house_formats_in_paris_time(filter_, expected):
    moment = datetime(2026, 12, 1, 8, 5, tzinfo=UTC)  # 09:05 in Paris (winter)
    rendered = engines["django"].from_string(f"{{{{ moment|{filter_} }}}}|{{{{ none|{filter_} }}}}")
    assert rendered.render({"moment": moment, "none": None}) == f"{expected}|"


def test_the_first_of_the_month_is_an_ordinal():
    assert long_date(date(2026, 12, 1)) == "1er décembre 2026"
    assert long_date(date(2027, 8, 15)) == "15 août 2027"
    assert period_text(date(2026, 10, 1), date(2026, 12, 31)) == (
        "du 1er octobre 2026 au 31 décembre 2026 inclus, terme à échoir"
    )


@pytest.mark.django_db
def test_forgotten_password_is_offered_once_on_the_login_page(client):
    page = client.get(reverse("account_login")).content.decode()
    assert page.count("Mot de passe oublié ?") == 1
