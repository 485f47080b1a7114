from django.urls import path

from portal.audit import views

app_name = "audit"

urlpatterns = [path("organisation/journal/", views.trail, name="trail")]
