"""Hooks on other apps' models (decoupled: those apps do not know about documents)."""


def user_deleted(sender, instance, **kwargs):
    """A deleted user's private folder goes with them (CASCADE); free its files and bytes."""
    if instance.organisation_id is None:
        return
    from portal.documents.services import purge_private_space

    purge_private_space(instance)
