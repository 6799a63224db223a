"""Plain command functions (no typer, no rich): each takes its inputs and services and returns an outcome."""
