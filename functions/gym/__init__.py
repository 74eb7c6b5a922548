"""The AI Gym's pure domain: submissions, task specs, graders and calibration (no I/O)."""
