from django.apps import AppConfig


class ApiConfig(AppConfig):
    name = "intercoop.api"
    label = "api"
    verbose_name = "API"
