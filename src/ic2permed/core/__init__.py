"""Platform core: config, database, accounts, errors, audit, i18n and shared vocabularies.

Nothing in here imports a domain package or ``ic2permed.web``.
"""
