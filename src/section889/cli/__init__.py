"""The command-line face: thin commands that call services and render their results."""
