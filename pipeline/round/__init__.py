"""The round folder: its paths, lock, atomic writes, roster, CSV files."""
