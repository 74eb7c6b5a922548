"""The Agent Boss Score: the bank as the functions see it, pure scoring, and the use cases."""
