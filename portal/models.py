from django.contrib.auth.base_user import AbstractBaseUser, BaseUserManager
from django.contrib.auth.models import PermissionsMixin
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from portal.phones import mask_phone, national_number, normalize_phone


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
