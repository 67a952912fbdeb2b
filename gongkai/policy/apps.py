from django.apps import AppConfig


class PolicyConfig(AppConfig):
    name = "gongkai.policy"
    label = "policy"
    verbose_name = "政策制定与解读"
