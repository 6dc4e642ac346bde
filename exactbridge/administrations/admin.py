from django.contrib import admin

from exactbridge.administrations import services
from exactbridge.administrations.models import Administration, Membership
from exactbridge.audit.services import record_event, snapshot


class MembershipInline(admin.TabularInline):
    model = Membership
    extra = 0
    autocomplete_fields = ["user"]

    # Changes made inline go through the services below, via AdministrationAdmin.save_formset.


@admin.register(Administration)
class AdministrationAdmin(admin.ModelAdmin):
    list_display = ("code", "name", "kind", "division", "currency", "four_eyes_threshold")
    list_filter = ("kind",)
    search_fields = ("code", "name")
    inlines = [MembershipInline]

    def save_model(self, request, obj, form, change):
        if not change:
            created = services.create_administration(
                **{name: form.cleaned_data[name] for name in form.cleaned_data}, actor=request.user
            )
            obj.pk = created.pk
            obj._state.adding = False
            return
        before = snapshot(Administration.objects.get(pk=obj.pk))
        obj.save()
        record_event(
            action="administration.changed",
            request=request,
            administration=obj,
            target=obj,
            before=before,
            after=snapshot(obj),
        )

    def save_formset(self, request, form, formset, change):
        if formset.model is not Membership:
            return super().save_formset(request, form, formset, change)
        formset.save(commit=False)
        for membership in formset.deleted_objects:
            services.revoke_membership(membership=membership, actor=request.user)
        for membership in formset.new_objects + [obj for obj, _ in formset.changed_objects]:
            services.grant_membership(
                administration=form.instance,
                user=membership.user,
                role=membership.role,
                approval_limit=membership.approval_limit,
                actor=request.user,
            )


@admin.register(Membership)
class MembershipAdmin(admin.ModelAdmin):
    list_display = ("user", "administration", "role", "approval_limit")
    list_filter = ("role", "administration")
    search_fields = ("user__username", "user__email", "administration__code")
    autocomplete_fields = ["user", "administration"]

    def save_model(self, request, obj, form, change):
        saved = services.grant_membership(
            administration=obj.administration,
            user=obj.user,
            role=obj.role,
            approval_limit=obj.approval_limit,
            actor=request.user,
        )
        obj.pk = saved.pk

    def delete_model(self, request, obj):
        services.revoke_membership(membership=obj, actor=request.user)

    def delete_queryset(self, request, queryset):
        for membership in queryset:
            services.revoke_membership(membership=membership, actor=request.user)
