"""The credential core: no Django, nothing of the platform."""
