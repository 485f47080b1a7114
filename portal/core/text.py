"""Rules for text typed by people (pure: no Django import).

Single-line fields (a Demande's subject, names, titles) end up in e-mail
headers and page titles: a line break or another control character there
breaks an e-mail (header injection, issue 14) or a layout, so they are folded
into plain spaces on input. Free-text fields (context, replies, comments) keep
their lines but have a maximum length, enforced in forms, the API and the
database.
"""

import re

#: Characters (of any free-text field: context, error messages, replies,
#: comments). About six printed pages: room for a pasted error log.
FREE_TEXT_MAX_LENGTH = 20_000

# C0 and C1 control characters, DEL, and Unicode's line and paragraph separators.
_CONTROL_CHARACTERS = re.compile(r"[\x00-\x1f\x7f-\x9f\u2028\u2029]")


def fold_single_line(value: str) -> str:
    """One line: every control character becomes a space, runs of spaces one space."""
    return " ".join(_CONTROL_CHARACTERS.sub(" ", value).split())


def has_control_characters(value: str) -> bool:
    return bool(_CONTROL_CHARACTERS.search(value))
