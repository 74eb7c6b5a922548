"""Item statistics of the Agent Boss Score (`make itemstats`), as Moodle's quiz statistics report computes them."""
