from django.conf import settings
from django.conf.urls.static import static
from django.contrib import admin
from django.urls import include, path

from operations.dashboard.views import dashboard_view
from operations.health import healthz

urlpatterns = [
    path("healthz", healthz, name="healthz"),
    # Before admin/ so the admin's catch-all does not swallow it; admin_view adds the staff login check.
    path("admin/dashboard/", admin.site.admin_view(dashboard_view), name="admin-dashboard"),
    path("admin/", admin.site.urls),
    path("review/", include("review.urls")),
    *static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT),
]
