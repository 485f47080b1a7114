"""Authorization matrix rows of the kb part of learning/."""

MATRIX: dict = {}
