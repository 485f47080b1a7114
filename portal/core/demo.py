"""The demo cast, shared by ``seed_demo`` and the browser tests."""

DEMO_PASSWORD = "Demo-Portail-2026"  # noqa: S105 - printed by make run, demo only
#: Fixed TOTP secret of the demo vendor staff (MFA is mandatory for them);
#: ``manage.py demo_totp`` prints the current code.
DEMO_TOTP_SECRET = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP"  # noqa: S105


def current_totp_code(secret: str = DEMO_TOTP_SECRET) -> str:
    """The TOTP code a demo vendor account expects now (``make totp``, browser tests)."""
    from allauth.mfa.totp.internal.auth import (
        format_hotp_value,
        hotp_value,
        yield_hotp_counters_from_time,
    )

    counter = next(iter(yield_hotp_counters_from_time()))
    return format_hotp_value(hotp_value(secret, counter))


def siren_with_key(base8: str) -> str:
    """Complete eight digits with their Luhn key into a valid SIREN."""
    for key in range(10):
        candidate = f"{base8}{key}"
        total = 0
        for index, char in enumerate(reversed(candidate)):
            digit = int(char) * (2 if index % 2 else 1)
            total += digit - 9 if digit > 9 else digit
        if total % 10 == 0:
            return candidate
    raise ValueError(base8)
