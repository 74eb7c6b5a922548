"""The HTTP API: a Flask app factory, blueprints per area, schemas, auth and error handling."""
