"""The review page's URLs. The bot and `review_link` reverse these names (`review:link`, `review:miniapp`)."""

from django.urls import path

from review import views

app_name = "review"
urlpatterns = [
    path("l/<str:token>/", views.open_link, name="link"),
    path("app/<int:campaign_id>/", views.mini_app, name="miniapp"),
    path("app/<int:campaign_id>/handshake/", views.handshake, name="handshake"),
    path("<int:campaign_id>/", views.review_page, name="page"),
    path("<int:campaign_id>/edit/<slug:action>/", views.edit, name="edit"),
    path("<int:campaign_id>/file/<slug:file_format>/", views.download, name="download"),
    path("<int:campaign_id>/export/", views.export_again, name="export"),
    path("<int:campaign_id>/upload/", views.upload, name="upload"),
]
