"""The `cnm` command line: thin commands over the Python API."""
