"""One adapter per library whose internals praxis relies on, each with a contract test.

Only these modules may import a library's private names; a library upgrade that breaks one
fails that adapter's contract test first (``tests/test_adapters_*.py``).
"""
