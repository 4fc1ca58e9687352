"""allauth strings whose Chinese we word differently (plainer for elderly residents).

Django looks in LOCALE_PATHS before the apps' own catalogues, so the project's
translations of these msgids win. Listing them here keeps `make messages` from
dropping them as obsolete. Nothing imports this module.
"""

from django.utils.translation import gettext_noop as _

OVERRIDES = [
    _("Code"),
    _("Enter Phone Verification Code"),
    _("We've sent a code to %(recipient)s. The code expires shortly, so please enter it soon."),
    _("Phone"),
    _("Enter Sign-In Code"),
    _("Send me a sign-in code"),
    _("Request Code"),
]
