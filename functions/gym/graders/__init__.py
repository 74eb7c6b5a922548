"""One grader per task kind; each is a pure function of the task and the submission."""
