"""Product texts kept in Chinese and English (django-modeltranslation): ``name`` reads the active
language's ``name_zh_hans``/``name_en``, falling back to the Chinese. The Chinese product name is the
official (filed) title, shown beside the English one on English pages and documents."""

from modeltranslation.translator import TranslationOptions, register

from cyberins.products.models import Plan, Product


@register(Product)
class ProductTranslation(TranslationOptions):
    fields = ("name", "description")


@register(Plan)
class PlanTranslation(TranslationOptions):
    fields = ("name",)
