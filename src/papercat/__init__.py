"""papercat: keep a curated paper list as one canonical catalog.yaml.

The library is usable without the CLI:

    from papercat import store, render
    doc = store.load("catalog.yaml")
    print(render.render_readme(doc.catalog))
"""

__version__ = "0.1.0"
