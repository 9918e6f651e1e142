"""Shared bilingual vocabularies: regions, countries, themes, ICD-10, MIABIS lists, DUO terms.

Each vocabulary is loaded once per process (``functools.cache``) from data shipped in the package.
"""
