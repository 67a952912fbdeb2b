from django.apps import AppConfig


class RulesConfig(AppConfig):
    name = "gongkai.rules"
    label = "rules"
    verbose_name = "规则与工作日"
