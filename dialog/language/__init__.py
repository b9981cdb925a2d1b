"""How people say things, shared by the red-flag detector and the answer parsers:
words and clauses, and the one negation engine."""
