from django import forms
from django.utils.translation import gettext_lazy as _

from portal.core.filetypes import ALLOWED_EXTENSIONS, allowed_formats_text


class UploadForm(forms.Form):
    file = forms.FileField(
        label=_("Fichier"),
        widget=forms.ClearableFileInput(attrs={"accept": ",".join(ALLOWED_EXTENSIONS)}),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["file"].help_text = _("Formats acceptés : %(formats)s.") % {
            "formats": allowed_formats_text()
        }


class ReplaceForm(forms.Form):
    file = forms.FileField(
        label=_("Nouvelle version"),
        help_text=_("Un fichier du même format. La version de la dernière sauvegarde est gardée."),
    )


class FolderCreateForm(forms.Form):
    name = forms.CharField(label=_("Nom du nouveau dossier"), max_length=150)


def _choices(targets):
    return [
        (str(folder.public_id), "\u00a0\u00a0" * depth + folder.name) for folder, depth in targets
    ]


class _MoveForm(forms.Form):
    def __init__(self, *args, targets, **kwargs):
        super().__init__(*args, **kwargs)
        self.targets = {str(folder.public_id): folder for folder, _depth in targets}
        self.fields[self.destination_field].choices = _choices(targets)

    def destination(self):
        return self.targets[self.cleaned_data[self.destination_field]]


class DocumentEditForm(_MoveForm):
    destination_field = "folder"
    name = forms.CharField(label=_("Nom"), max_length=200)
    folder = forms.ChoiceField(label=_("Dossier"))


class FolderEditForm(_MoveForm):
    destination_field = "parent"
    name = forms.CharField(label=_("Nom"), max_length=150)
    parent = forms.ChoiceField(label=_("Dossier parent"))
