"""A mixin for admin pages that only show what the application writes."""


class ReadOnlyAdminMixin:
    """Nobody adds or changes these rows in the admin site; they are written by the application."""

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False
