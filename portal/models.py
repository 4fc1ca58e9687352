import pgtrigger
from django.contrib.auth.base_user import AbstractBaseUser, BaseUserManager
from django.contrib.auth.models import PermissionsMixin
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from portal.phones import is_erased_phone, mask_phone, national_number, normalize_phone


class UserManager(BaseUserManager):
    use_in_migrations = True

    def _create_user(self, phone: str, password: str | None, **extra):
        user = self.model(phone=normalize_phone(phone), **extra)
        if extra.get("email"):
            user.email = self.normalize_email(extra["email"])
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_user(self, phone: str, password: str | None = None, **extra):
        extra.setdefault("is_staff", False)
        extra.setdefault("is_superuser", False)
        return self._create_user(phone, password, **extra)

    def create_superuser(self, phone: str, password: str | None = None, **extra):
        extra.update(is_staff=True, is_superuser=True, phone_verified=True)
        return self._create_user(phone, password, **extra)

    def get_by_natural_key(self, phone: str):
        # Lets Django's own login (admin, createsuperuser) accept any accepted spelling.
        from portal.phones import try_normalize_phone

        return self.get(phone=try_normalize_phone(phone) or phone)


class User(AbstractBaseUser, PermissionsMixin):
    """A person, identified by a mainland mobile number stored in E.164."""

    phone = models.CharField(_("mobile number"), max_length=16, unique=True)
    phone_verified = models.BooleanField(_("mobile number verified"), default=False)
    email = models.EmailField(_("email"), blank=True)
    display_name = models.CharField(_("display name"), max_length=50, blank=True)
    large_text = models.BooleanField(_("large text mode"), default=False)
    is_active = models.BooleanField(_("active"), default=True)
    is_staff = models.BooleanField(_("site administrator"), default=False)
    date_joined = models.DateTimeField(_("joined"), default=timezone.now)
    # Bumped whenever the person's ties to places change (compounds/standing.py): the key
    # of their cached standing, read with the user row every request loads anyway.
    standing_version = models.PositiveIntegerField(default=0, editable=False)

    objects = UserManager()

    USERNAME_FIELD = "phone"
    EMAIL_FIELD = "email"
    REQUIRED_FIELDS: list[str] = []

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(phone__regex=r"^\+861[3-9][0-9]{9}$"),
                name="user_phone_e164_mainland_mobile",
            )
        ]

    def __str__(self) -> str:
        if is_erased_phone(self.phone):  # 注销: the stored 已注销用户, in the reader's language
            return gettext("Deleted user")
        return self.display_name or mask_phone(self.phone)

    def clean(self) -> None:
        super().clean()
        self.phone = normalize_phone(self.phone)

    @property
    def national_phone(self) -> str:
        return national_number(self.phone)

    @property
    def masked_phone(self) -> str:
        return mask_phone(self.phone)

    def get_full_name(self) -> str:
        return str(self)

    def get_short_name(self) -> str:
        return str(self)


class AppendOnly(models.Model):
    """A record of something that happened: written once, never edited or deleted (request
    events, proposal events, audit events)."""

    class Meta:
        abstract = True

    def save(self, *args, **kwargs):
        if self.pk is not None:
            raise ValueError(f"{self._meta.verbose_name} rows are append-only")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise ValueError(f"{self._meta.verbose_name} rows are append-only")


class AuditEvent(AppendOnly):
    """One row per audited change anywhere in the project (ballots, paper entries, votes,
    later ledger postings): who, what (a dotted code such as ``deliberation.ballot.cast``),
    which object, the old and new values, and when — written in the same transaction as
    the change (portal/audit.py). Never edited or deleted."""

    actor = models.ForeignKey(
        "portal.User", models.PROTECT, null=True, blank=True, related_name="+"
    )
    code = models.CharField(max_length=60, db_index=True)
    target_type = models.CharField(max_length=60)
    target_id = models.BigIntegerField()
    old = models.JSONField(default=dict, blank=True)
    new = models.JSONField(default=dict, blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    # The compound the event concerns, for its readers (the supervisory committee, staff in
    # scope). A plain integer, not a foreign key: portal sits below the compounds app and its
    # migrations. Null for events of no single compound (a community's deployed member).
    compound_id = models.BigIntegerField(null=True, blank=True)

    class Meta:
        verbose_name = _("audit event")
        verbose_name_plural = _("audit events")
        ordering = ["created_at", "pk"]
        indexes = [
            models.Index(fields=["target_type", "target_id"], name="audit_target"),
            models.Index(fields=["compound_id", "-created_at", "-id"], name="audit_compound"),
        ]
        # Append-only in the database too (issue 16, item 9): not even raw SQL rewrites the
        # trail. A test database's TRUNCATE between tests is not a row change.
        triggers = [
            pgtrigger.Protect(
                name="audit_events_are_append_only",
                operation=pgtrigger.Update | pgtrigger.Delete,
            )
        ]

    def __str__(self) -> str:
        return f"{self.code} {self.target_type}#{self.target_id}"


class CalendarYear(models.Model):
    """A year of the holiday calendar loaded by an operator (`manage.py holidays load`, or
    the admin): it replaces the year shipped in portal/calendar.py whole."""

    year = models.PositiveSmallIntegerField(_("year"), primary_key=True)
    source = models.CharField(
        _("source"),
        max_length=200,
        help_text=_("The notice the dates come from: its title, number and date."),
    )
    provisional = models.BooleanField(
        _("provisional"),
        default=False,
        help_text=_("Tick until the State Council's notice for the year is out."),
    )
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("holiday calendar year")
        verbose_name_plural = _("holiday calendar")
        ordering = ["year"]

    def __str__(self) -> str:
        return str(self.year)


class CalendarDay(models.Model):
    """A statutory holiday (放假) or a weekend day worked instead (调休上班) of a year."""

    class Kind(models.TextChoices):
        HOLIDAY = "holiday", _("holiday")
        WORKDAY = "workday", _("working day (调休)")

    year = models.ForeignKey(CalendarYear, models.CASCADE, related_name="days")
    day = models.DateField(_("day"), unique=True)
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices)
    name = models.CharField(
        _("name of the holiday"), max_length=20, help_text=_("For example 国庆节.")
    )

    class Meta:
        verbose_name = _("calendar day")
        verbose_name_plural = _("calendar days")
        ordering = ["day"]

    def __str__(self) -> str:
        return f"{self.day} {self.name}"

    def clean(self) -> None:
        super().clean()
        if self.day and self.year_id and self.day.year != self.year_id:
            raise ValidationError(
                {"day": _("The day must fall in %(year)s.") % {"year": self.year_id}}
            )


class TextSent(models.Model):
    """One SMS handed to the backend: the number, the client whose request caused it (none
    for notifications) and when — what portal.sms_limits counts, in the database so the
    limits hold with Redis down. Kept two days (portal.prune_texts_sent)."""

    phone = models.CharField(max_length=16)
    client = models.GenericIPAddressField(null=True, blank=True)
    sent_at = models.DateTimeField(default=timezone.now, db_index=True)

    class Meta:
        verbose_name = _("text sent")
        verbose_name_plural = _("texts sent")
        indexes = [
            models.Index(fields=["phone", "sent_at"], name="text_sent_phone"),
            models.Index(fields=["client", "sent_at"], name="text_sent_client"),
        ]

    def __str__(self) -> str:
        return f"{self.sent_at:%Y-%m-%d %H:%M} {self.pk}"
