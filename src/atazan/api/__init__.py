"""The typed REST API under ``/api/v1/`` (django-ninja): public reads and partner intake."""
