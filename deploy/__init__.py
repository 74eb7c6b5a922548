"""Build and deploy tooling: stage the Lambda packages, generate infra pieces, sync the site."""
