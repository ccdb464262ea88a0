"""The publication: answers as text, tables, charts, the compendium."""
