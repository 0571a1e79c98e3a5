"""Readers for each format a submission or a past issue arrives in.

Each reader turns bytes into neutral values (``document.DocParagraph`` for word-processor and
text files; the YAML reader is ``bulletin_cli.load`` for now). Nothing after them knows which
format a fragment came from.
"""
