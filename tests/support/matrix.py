"""This app's rows of the authorization matrix (see tests/test_authorization_matrix.py).

name: (method, kwargs builder taking the cast dict and returning URL kwargs, or None,
       expected statuses from `statuses(...)`)
"""

MATRIX: dict = {}
