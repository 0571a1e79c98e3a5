"""Readers for each format a submission or a past issue arrives in.

Each reader turns bytes into neutral values (``document.DocParagraph`` for word-processor and
text files, ``yaml_reader.py`` for YAML; ``files.py`` reads and decodes any of them). Nothing after them knows which
format a fragment came from.
"""
