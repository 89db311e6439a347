"""The `pelihara` command line: one module per subcommand, each returning an exit code."""
