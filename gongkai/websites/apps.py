from django.apps import AppConfig


class WebsitesConfig(AppConfig):
    name = "gongkai.websites"
    label = "websites"
    verbose_name = "政府网站与政务新媒体"
