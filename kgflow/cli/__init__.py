"""The command line: thin click commands over the service layer.

Its top modules import only click, so ``kgflow --help`` never loads the
database layer; each command imports what it needs when it runs.
"""
