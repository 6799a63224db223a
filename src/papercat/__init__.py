"""papercat: keep a curated paper list as one canonical catalog.yaml.

The library is usable without the CLI:

    from papercat import store, render
    doc = store.load("catalog.yaml")
    print(render.render_readme(doc.catalog))
"""

# The only place the version is written: pyproject.toml reads it from here (setuptools dynamic).
__version__ = "0.2.0"
