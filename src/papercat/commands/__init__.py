"""One plain function per command workflow: load, fetch, plan, write; return an outcome.

No typer and no rich here (an import-linter contract keeps it so): the services a
workflow needs from the terminal or the network (fetching with a progress display, asking
a person) are passed in, and the CLI in `papercat.cli` parses options, calls one of these,
prints the outcome and picks the exit code. A library user can do everything the CLI does:

    from papercat.commands.add import AddRequest, add_papers
    from papercat.workspace import Workspace
    outcome = add_papers(Workspace.at("catalog.yaml"), ["2305.07759"], AddRequest(sections=["pretraining"]))
"""
