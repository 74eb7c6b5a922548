"""Gym lessons: the authoring schema of `content/gym/<id>.md` and its reader."""
