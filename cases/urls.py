from django.urls import path

from cases import kind_views, posting_views, proposal_views, split_views, story, views

app_name = "cases"

urlpatterns = [
    path("", views.index, name="index"),
    path("<slug:code>/", views.queue, name="queue"),
    path("<slug:code>/bulk-approve/", views.bulk_approve, name="bulk_approve"),
    path("<slug:code>/pickers/<str:kind>", proposal_views.pickers, name="pickers"),
    path("<slug:code>/<int:case_id>/", views.case_detail, name="case"),
    path(
        "<slug:code>/<int:case_id>/page/<int:page>.png",
        views.document_page,
        name="document_page",
    ),
    path("<slug:code>/<int:case_id>/approve/", views.approve, name="approve"),
    path("<slug:code>/<int:case_id>/reject/", views.reject, name="reject"),
    path("<slug:code>/<int:case_id>/send-back/", views.send_back, name="send_back"),
    path("<slug:code>/<int:case_id>/review/", views.review, name="review"),
    path("<slug:code>/<int:case_id>/assign/", views.assign, name="assign"),
    path("<slug:code>/<int:case_id>/note/", views.note, name="note"),
    path("<slug:code>/<int:case_id>/fields/", views.edit_fields, name="edit_fields"),
    path(
        "<slug:code>/<int:case_id>/fields/validate",
        views.validate_case_field,
        name="validate_field",
    ),
    path("<slug:code>/<int:case_id>/story/", story.case_story, name="story"),
    path("<slug:code>/<int:case_id>/split/", split_views.split, name="split"),
    path("<slug:code>/<int:case_id>/split/again/", split_views.resplit, name="resplit"),
    path("<slug:code>/<int:case_id>/kind/", kind_views.correct_kind, name="correct_kind"),
    path("<slug:code>/<int:case_id>/posting/", posting_views.posting_status, name="posting"),
    path(
        "<slug:code>/<int:case_id>/posting/retry/",
        posting_views.retry_posting,
        name="retry_posting",
    ),
    path(
        "<slug:code>/<int:case_id>/proposal/lines/<int:line_index>/",
        proposal_views.edit_line,
        name="edit_proposal_line",
    ),
]
