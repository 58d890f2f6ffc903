# SPDX-License-Identifier: EUPL-1.2
"""Messages in the languages of the joint room (English and French), from gettext ``.po``
catalogues read with Babel at run time (no compile step: ``make test`` works on a fresh
clone), and the choice of language for a request.

>>> from straitwatch.i18n import catalogue, choose_language
>>> catalogue(choose_language(cookie=None, accept_language="fr-FR,fr;q=0.9")).gettext(
...     "internal error; it has been logged")
'erreur interne ; elle a été consignée'

The browser has its own catalogues (ICU MessageFormat, JSON per language) under
``web/static/i18n/``; both sides use the same ``sw_lang`` cookie.
"""

from straitwatch.i18n.catalogue import Catalogue, catalogue
from straitwatch.i18n.negotiate import DEFAULT_LANGUAGE, LANG_COOKIE, LANGUAGES, choose_language

__all__ = [
    "DEFAULT_LANGUAGE",
    "LANGUAGES",
    "LANG_COOKIE",
    "Catalogue",
    "catalogue",
    "choose_language",
]
