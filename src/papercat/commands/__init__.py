"""papercat's commands as plain functions: no typer, no rich; each returns an outcome the CLI prints."""
