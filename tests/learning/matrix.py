"""This app's rows of the authorization matrix (see tests/test_authorization_matrix.py).

name: (method, kwargs builder taking the cast dict and returning URL kwargs, or None,
       expected statuses from `statuses(...)`)

The knowledge base and the learning catalogue keep their rows apart.
"""

from tests.learning.matrix_kb import MATRIX as KB
from tests.learning.matrix_training import MATRIX as TRAINING

assert not set(KB) & set(TRAINING), set(KB) & set(TRAINING)
MATRIX: dict = {**KB, **TRAINING}
