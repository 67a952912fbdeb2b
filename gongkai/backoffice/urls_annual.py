from django.urls import path

from .views import annual

urlpatterns = [
    path("", annual.overview, name="annual_overview"),
    path("gazette/", annual.gazette_list, name="annual_gazette_list"),
    path("gazette/new/", annual.gazette_create, name="annual_gazette_create"),
    path("gazette/<int:pk>/", annual.gazette_issue, name="annual_gazette_issue"),
    path("gazette/<int:pk>/<slug:action>/", annual.gazette_action, name="annual_gazette_action"),
    path("<int:agency_id>/<int:year>/", annual.report_page, name="annual_report"),
    path("<int:agency_id>/<int:year>/figure/", annual.figure_save, name="annual_figure_save"),
    path("<int:agency_id>/<int:year>/import/", annual.figures_import, name="annual_figures_import"),
    path("<int:agency_id>/<int:year>/template.xlsx", annual.figures_template, name="annual_figures_template"),
    path("<int:agency_id>/<int:year>/generate/", annual.generate, name="annual_generate"),
    path("<int:agency_id>/<int:year>/text/", annual.text_save, name="annual_text_save"),
    path("<int:agency_id>/<int:year>/submit/", annual.submit, name="annual_submit"),
    path("<int:agency_id>/<int:year>/report.docx", annual.download_docx, name="annual_docx"),
    path("<int:agency_id>/<int:year>/tables.xlsx", annual.download_xlsx, name="annual_xlsx"),
]
