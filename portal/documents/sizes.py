"""Sizes as French readers write them: "1,2 Go", "350 Ko".

Units are binary (1 Go = 1024³ octets), the reading of "5 GO par utilisateur"
(art. 4) that the subscriptions app uses for the quota, so "5 Go" shows as 5 Go.
"""

from django.utils.formats import number_format

_UNITS = ("Ko", "Mo", "Go", "To")


def human_size(size: int) -> str:
    size = max(int(size or 0), 0)
    if size < 1024:
        return f"{size} octet" if size <= 1 else f"{size} octets"
    value = float(size) / 1024
    index = 0
    while value >= 1024 and index < len(_UNITS) - 1:
        value /= 1024
        index += 1
    unit = _UNITS[index]
    value = round(value, 1)
    if value >= 100 or value == int(value):
        return f"{number_format(round(value), 0)} {unit}"
    return f"{number_format(value, 1)} {unit}"
