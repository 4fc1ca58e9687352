"""Responsibilities (四包 / 党员联系户): a party member or role holder answerable for some
households of a building, or for a matter in a building."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

USER = settings.AUTH_USER_MODEL


class Responsibility(models.Model):
    class Matter(models.TextChoices):
        HOUSEHOLDS = "households", _("households in contact")  # 党员联系户
        MEDIATION = "mediation", _("public order and mediation")  # 治安调解
        SANITATION = "sanitation", _("indoor and outdoor sanitation")  # 室内外环境卫生
        EDUCATION = "education", _("children's education")  # 子女教育
        MUTUAL_AID = "mutual_aid", _("neighbourly help")  # 邻里互助

    compound = models.ForeignKey(
        "compounds.Compound", models.CASCADE, related_name="responsibilities"
    )
    building = models.ForeignKey("compounds.Building", models.CASCADE, related_name="+")
    person = models.ForeignKey(
        USER, models.CASCADE, related_name="responsibilities", verbose_name=_("answerable")
    )
    matter = models.CharField(_("matter"), max_length=12, choices=Matter.choices)
    # For households in contact: the homes this person keeps in touch with.
    units = models.ManyToManyField("compounds.Unit", blank=True, related_name="+")
    assigned_by = models.ForeignKey(USER, models.SET_NULL, null=True, related_name="+")
    assigned_at = models.DateTimeField(default=timezone.now)
    ended_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("responsibility")
        verbose_name_plural = _("responsibilities")
        ordering = ["building_id", "matter", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["building", "matter", "person"],
                condition=Q(ended_at__isnull=True),
                name="responsibility_open_once",
            ),
        ]
        indexes = [models.Index(fields=["person", "ended_at"], name="responsibility_person")]

    def __str__(self) -> str:
        return f"{self.person_id} · {self.matter}"
