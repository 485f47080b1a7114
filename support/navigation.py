"""This app's entries in the main navigation (see portal/core/navigation.py)."""

ENTRIES: list = []
