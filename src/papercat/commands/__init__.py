"""Plain command functions: one module per command, no typer, no rich; services injected, outcomes returned."""
