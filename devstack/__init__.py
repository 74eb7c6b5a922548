"""The local stack: moto server provisioned from infra/, the API and site on one origin, the worker loop."""
