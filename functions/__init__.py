"""The Lambda bundle: everything that runs on AWS."""
