"""Rules of the Data Ouverture pack (art. 17), as pure functions (no Django).

Machine credentials of the import APIs: their scopes, their lifetime, the
source addresses they accept and the shape of their secrets; the CSV of a
bulk user creation, checked line by line.
"""

from __future__ import annotations

import csv
import hashlib
import hmac
import io
import ipaddress
import re
import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta

#: Art. 17, 1. "Les APIs en import": scopes a pack holder may grant.
IMPORT_SCOPES = {
    "import:documents": "Importer des fichiers dans l'espace documentaire",
    "import:users": "Créer des utilisateurs en masse (CSV)",
}
#: Reading one's own data needs no pack.
READ_SCOPES = {
    "read:demandes": "Lire les demandes de l'organisation",
    "read:invoices": "Lire les factures",
}
SCOPES = {**IMPORT_SCOPES, **READ_SCOPES}

MAX_LIFETIME = timedelta(days=366)  # "au plus un an" (a leap year has 366 days)
MAX_ROTATION_OVERLAP = timedelta(days=7)
MAX_IP_RANGES = 20
SECRET_PREFIX = "do"  # noqa: S105 - a public marker, not a secret


def scope_problems(scopes: list[str], *, pack_held: bool) -> list[str]:
    """One French reason per scope that cannot be granted; empty when valid."""
    problems = []
    if not scopes:
        problems.append("Choisissez au moins une autorisation.")
    for scope in scopes:
        if scope not in SCOPES:
            problems.append(f"Autorisation inconnue : « {scope} ».")
        elif scope in IMPORT_SCOPES and not pack_held:
            problems.append(
                f"L'autorisation « {scope} » fait partie du pack Data Ouverture (article 17), "
                "que votre contrat ne comporte pas."
            )
    return problems


def expiry_problem(expires_at: datetime, now: datetime) -> str | None:
    if expires_at <= now:
        return "La date d'expiration doit être dans le futur."
    if expires_at - now > MAX_LIFETIME:
        return "Une clé d'API expire au plus tard un an après sa création."
    return None


def parse_ip_ranges(text: str) -> list[str]:
    """Normalised CIDR ranges from one-per-line or comma-separated text.

    Raises ``ValueError`` with a French message naming the bad entry.
    """
    entries = [part.strip() for part in re.split(r"[\s,;]+", text or "") if part.strip()]
    if len(entries) > MAX_IP_RANGES:
        raise ValueError(f"Indiquez au plus {MAX_IP_RANGES} plages d'adresses.")
    ranges = []
    for entry in entries:
        try:
            ranges.append(str(ipaddress.ip_network(entry, strict=False)))
        except ValueError as exc:
            raise ValueError(
                f"« {entry} » n'est pas une adresse ou une plage IP (ex. 203.0.113.0/24)."
            ) from exc
    return ranges


def ip_allowed(address: str, ranges: list[str]) -> bool:
    """No range means any address; otherwise the address must fall in one."""
    if not ranges:
        return True
    try:
        ip = ipaddress.ip_address(address)
    except ValueError:
        return False
    return any(ip in ipaddress.ip_network(network) for network in ranges)


# Secrets: shown once, stored as a hash --------------------------------------------------


@dataclass(frozen=True)
class NewSecret:
    prefix: str  # stored, indexed, shown in lists to tell keys apart
    full: str  # shown once to the administrator, never stored
    digest: str  # stored


def new_secret() -> NewSecret:
    """``do_<prefix>_<secret>``: 256 random bits, so a fast hash suffices (no brute force)."""
    prefix = secrets.token_hex(6)
    secret = secrets.token_urlsafe(32)
    full = f"{SECRET_PREFIX}_{prefix}_{secret}"
    return NewSecret(prefix=prefix, full=full, digest=digest(full))


def digest(full: str) -> str:
    return hashlib.sha256(full.encode()).hexdigest()


def split_secret(full: str) -> str | None:
    """The prefix of a well-formed secret, or None."""
    parts = (full or "").split("_", 2)
    if len(parts) != 3 or parts[0] != SECRET_PREFIX or not re.fullmatch(r"[0-9a-f]{12}", parts[1]):
        return None
    return parts[1]


def secret_matches(full: str, stored_digest: str) -> bool:
    return hmac.compare_digest(digest(full), stored_digest)


# Bulk user creation (CSV) ----------------------------------------------------------------

USER_COLUMNS = ("email", "prenom", "nom", "role")
ROLE_WORDS = {
    "": "client_user",
    "utilisateur": "client_user",
    "administrateur": "client_admin",
}
MAX_CSV_ROWS = 1000
EMAIL_RE = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")


@dataclass(frozen=True)
class UserRow:
    line: int
    email: str
    first_name: str
    last_name: str
    role: str


def parse_users_csv(data: bytes) -> tuple[list[UserRow], list[str]]:
    """Rows and one French error per faulty line; the file is taken whole or not at all.

    Accepts UTF-8 (with or without BOM), ``;`` or ``,`` separators, a header
    line naming the columns ``email;prenom;nom;role`` (role: utilisateur or
    administrateur, utilisateur by default).
    """
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        return [], ["Le fichier doit être encodé en UTF-8."]
    lines = text.splitlines()
    if not lines:
        return [], ["Le fichier est vide."]
    delimiter = ";" if lines[0].count(";") >= lines[0].count(",") else ","
    reader = csv.DictReader(io.StringIO(text), delimiter=delimiter)
    header = [(name or "").strip().lower() for name in reader.fieldnames or []]
    missing = [column for column in ("email",) if column not in header]
    if missing:
        return [], [
            "Ligne 1 : colonne « email » absente (en-tête attendu : email;prenom;nom;role)."
        ]
    reader.fieldnames = header
    rows: list[UserRow] = []
    errors: list[str] = []
    seen: dict[str, int] = {}
    for number, raw in enumerate(reader, start=2):
        if number - 1 > MAX_CSV_ROWS:
            return [], [f"Le fichier dépasse {MAX_CSV_ROWS} lignes : découpez-le."]
        row, problems = _user_row(number, raw, seen)
        errors += problems
        if row:
            rows.append(row)
    if not rows and not errors:
        errors.append("Le fichier ne contient aucun utilisateur.")
    return rows, errors


def _user_row(number: int, raw: dict, seen: dict) -> tuple[UserRow | None, list[str]]:
    def value(key: str) -> str:
        return (raw.get(key) or "").strip()

    email = value("email").lower()
    problems = []
    if not email:
        problems.append(f"Ligne {number} : adresse e-mail manquante.")
    elif not EMAIL_RE.match(email) or len(email) > 254:
        problems.append(f"Ligne {number} : « {email} » n'est pas une adresse e-mail valide.")
    elif email in seen:
        problems.append(f"Ligne {number} : « {email} » figure déjà ligne {seen[email]}.")
    else:
        seen[email] = number
    role = ROLE_WORDS.get(value("role").lower())
    if role is None:
        problems.append(
            f"Ligne {number} : rôle « {value('role')} » inconnu (utilisateur ou administrateur)."
        )
    for key, label in (("prenom", "prénom"), ("nom", "nom")):
        if len(value(key)) > 100:
            problems.append(f"Ligne {number} : le {label} dépasse 100 caractères.")
    if problems or role is None:
        return None, problems
    return UserRow(number, email, value("prenom"), value("nom"), role), []
