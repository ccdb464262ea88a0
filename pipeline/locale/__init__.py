"""Every user-visible text: catalogues, words for values and conditions, safe display."""
