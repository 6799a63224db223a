"""The lint rules, one module per family (links, identifiers, titles, duplicates, ...).

The list of every rule is the registry, `papercat.lint.registry`: a new rule is listed
there, not here (rules never import the registry: `[tool.importlinter]` layers).
"""
