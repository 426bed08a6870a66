"""Constitution texts as data: the document model and its formats.

Django-free. ``model`` holds the typed tree; ``plaintext``, ``akn`` and
``jsonio`` read and write it; ``html`` and ``pdf`` render it; ``io`` picks
the format.
"""
