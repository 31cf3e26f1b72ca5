"""The seeded plan: extracted from the source document, committed as JSON, loaded by a service.

`extract.py` reads the document into plain data (`python manage.py extract_seed`), `load.py` writes
that data into the database (`python manage.py seed_renstra`).
"""
