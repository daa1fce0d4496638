"""Rich-text image formats whose ``<img src>`` goes through the
permission-checked image view (courses/images.py), never straight to
/media/. Same names, classes and sizes as Wagtail's defaults."""

from wagtail.images import formats
from wagtail.images.formats import (
    Format,
    register_image_format,
    unregister_image_format,
)

from .images import image_url


class CheckedImageFormat(Format):
    def image_to_html(self, image, alt_text, extra_attributes=None):
        attributes = dict(extra_attributes or {})
        attributes["src"] = image_url(image, self.filter_spec)
        return super().image_to_html(image, alt_text, attributes)


for _format in list(formats.FORMATS):
    if type(_format) is Format:
        unregister_image_format(_format.name)
        register_image_format(
            CheckedImageFormat(
                _format.name, _format.label, _format.classname, _format.filter_spec
            )
        )
