"""The Open Referral UK 3.0 API and feed imports."""

from __future__ import annotations

from django.urls import URLPattern, path, re_path

from . import api, views_import

# ORUK paths have no trailing slash; one is accepted. Ids are checked by the views, so a
# malformed id gets the API's JSON 404 rather than the site's page.
ID = r"(?P<pk>[^/]+)/?$"

urlpatterns: list[URLPattern] = [
    path("api/oruk/", api.root, name="api_root"),
    re_path(r"^api/oruk/openapi\.json$", api.openapi, name="api_openapi"),
    re_path(r"^api/oruk/services/?$", api.services_list, name="api_services"),
    re_path(r"^api/oruk/services/" + ID, api.service_detail, name="api_service"),
    re_path(r"^api/oruk/taxonomies/?$", api.taxonomies_list, name="api_taxonomies"),
    re_path(r"^api/oruk/taxonomies/" + ID, api.taxonomy_detail, name="api_taxonomy"),
    re_path(r"^api/oruk/taxonomy_terms/?$", api.taxonomy_terms_list, name="api_taxonomy_terms"),
    re_path(r"^api/oruk/taxonomy_terms/" + ID, api.taxonomy_term_detail, name="api_taxonomy_term"),
    re_path(r"^api/oruk/organizations/?$", api.organizations_list, name="api_organizations"),
    re_path(r"^api/oruk/organizations/" + ID, api.organization_detail, name="api_organization"),
    re_path(
        r"^api/oruk/service_at_locations/?$",
        api.service_at_locations_list,
        name="api_service_at_locations",
    ),
    re_path(
        r"^api/oruk/service_at_locations/" + ID,
        api.service_at_location_detail,
        name="api_service_at_location",
    ),
    re_path(r"^api/oruk/(?P<rest>.*)$", api.unknown, name="api_unknown"),
    # Importing another authority's feed (administrators only).
    path("manage/local-offer/imports/", views_import.imports, name="imports"),
    path("manage/local-offer/imports/new/", views_import.import_new, name="import_new"),
    path("manage/local-offer/imports/<uuid:pk>/", views_import.import_detail, name="import_detail"),
]
