"""praxis: run a questionnaire round for promising practices.

generate forms -> ingest returns -> aggregate tables -> compile the compendium.
"""

__version__ = "0.1.0"
