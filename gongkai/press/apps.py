from django.apps import AppConfig


class PressConfig(AppConfig):
    name = "gongkai.press"
    label = "press"
    verbose_name = "新闻发布"
