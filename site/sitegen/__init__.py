"""The static site generator: readers -> areas (which pages exist) -> writer."""
