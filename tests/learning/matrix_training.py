"""Authorization matrix rows of the training part of learning/."""

MATRIX: dict = {}
