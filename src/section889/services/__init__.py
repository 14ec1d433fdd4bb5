"""Use cases shared by every face (the CLI, the Python API, the REST API and the web UI).

Each takes a `Runtime` (services/runtime.py) and values or sources, and returns values: nothing
here prints, reads settings from the environment, or decides an output format — the renderers in
`reports/` write files. Services that change what a runtime was built from take the
`RuntimeHolder` and reload it.
"""
