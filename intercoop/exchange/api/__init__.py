"""The exchange app's operations in the API, one router per area: ``listings`` and
``catalogues`` (added to the API in ``apps.py``)."""
