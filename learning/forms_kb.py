"""Forms of the knowledge-base pages. They only collect input: the rules are the services'."""

from django import forms
from django.utils.translation import gettext_lazy as _

from learning.models import Article
from subscriptions.models import Product


class KbSearchForm(forms.Form):
    """One filter set for the page and the API: a bad value is ignored, never a 500."""

    q = forms.CharField(label=_("Rechercher"), required=False, max_length=200)
    product = forms.ModelChoiceField(
        label=_("Produit"),
        queryset=Product.objects.filter(is_active=True),
        required=False,
        to_field_name="code",
        empty_label=_("Tous"),
    )
    kind = forms.ChoiceField(
        label=_("Nature"), choices=[("", _("Toutes")), *Article.Kind.choices], required=False
    )


class FeedbackForm(forms.Form):
    helpful = forms.TypedChoiceField(
        label=_("Cet article vous a-t-il aidé ?"),
        choices=[("oui", _("Oui")), ("non", _("Non"))],
        coerce=lambda value: value == "oui",
        widget=forms.RadioSelect,
    )
    comment = forms.CharField(
        label=_("Un commentaire ? (facultatif)"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class ArticleForm(forms.Form):
    title = forms.CharField(label=_("Titre"), max_length=200)
    kind = forms.ChoiceField(label=_("Nature"), choices=Article.Kind.choices)
    question = forms.CharField(label=_("Question"), widget=forms.Textarea(attrs={"rows": 3}))
    answer = forms.CharField(
        label=_("Réponse (Markdown)"),
        widget=forms.Textarea(attrs={"rows": 14}),
        help_text=_(
            "Markdown : **gras**, *italique*, listes, [liens](https://…), "
            "![image](/base-de-connaissances/images/…/) pour une image déposée."
        ),
    )
    products = forms.ModelMultipleChoiceField(
        label=_("Produits et modules concernés"),
        queryset=Product.objects.filter(is_active=True),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    versions = forms.CharField(label=_("Versions concernées"), required=False, max_length=200)
    tags = forms.CharField(
        label=_("Mots-clés"),
        required=False,
        max_length=300,
        help_text=_("Séparés par des virgules."),
    )
    related = forms.CharField(
        label=_("Articles liés"),
        required=False,
        help_text=_("Adresses (slugs) des articles liés, séparées par des virgules."),
    )
    is_internal = forms.BooleanField(label=_("Interne (agents seulement)"), required=False)
    change_note = forms.CharField(
        label=_("Ce qui a changé"),
        required=False,
        max_length=300,
        help_text=_("Obligatoire pour un article publié : la modification est publiée aussitôt."),
    )

    def clean_related(self):
        slugs = [s.strip() for s in self.cleaned_data["related"].split(",") if s.strip()]
        found = list(Article.objects.filter(slug__in=slugs))
        missing = set(slugs) - {a.slug for a in found}
        if missing:
            raise forms.ValidationError(
                _("Articles introuvables : %(slugs)s") % {"slugs": ", ".join(sorted(missing))}
            )
        return found


class ImageForm(forms.Form):
    image = forms.FileField(
        label=_("Image"),
        widget=forms.ClearableFileInput(
            attrs={"accept": "image/png,image/jpeg,image/gif,image/webp"}
        ),
        help_text=_("PNG, JPEG, GIF ou WebP, 10 Mo au plus."),
    )


class ReplyWithArticleForm(forms.Form):
    article = forms.CharField(
        label=_("Article (adresse ou lien)"),
        max_length=300,
        help_text=_("L'adresse de l'article, par exemple lettrage-automatique, ou son lien."),
    )
    message = forms.CharField(
        label=_("Message au client"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )

    def clean_article(self):
        value = self.cleaned_data["article"].strip().rstrip("/")
        slug = value.rsplit("/", 1)[-1]
        article = Article.objects.filter(slug=slug).first()
        if article is None:
            raise forms.ValidationError(_("Aucun article n'a cette adresse."))
        return article
