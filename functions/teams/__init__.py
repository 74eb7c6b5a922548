"""Team assessments: organisations, rounds, invites and the anonymous aggregate report."""
