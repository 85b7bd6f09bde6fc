"""The service catalogue's texts in Chinese and English (django-modeltranslation, as for products)."""

from modeltranslation.translator import TranslationOptions, register

from cyberins.providers.models import ServiceItem


@register(ServiceItem)
class ServiceItemTranslation(TranslationOptions):
    fields = ("name", "description")
