"""More CLI commands, one module per area; each registers on `rapsheet.cli.main` with
`@main.command()`. `rapsheet.cli` imports every module here once `main` exists."""
