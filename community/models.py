"""People and their accounts. Later: co-creator records, demographics, consent, partners."""

from django.conf import settings
from django.contrib.auth.models import AbstractBaseUser, BaseUserManager, PermissionsMixin
from django.db import models
from django.db.models.functions import Lower
from django.urls import reverse
from django.utils import timezone


class Role(models.TextChoices):
    """The kinds of user; each is a Django group of the same label. Partners (people at system
    partners, and service teams applying for accreditation) reach only the partner section."""

    STAFF = "staff", "Involvement staff"
    COCREATOR = "cocreator", "Co-creator"
    STEERING = "steering", "Steering group member"
    PARTNER = "partner", "System partner or service team"


# What staff see in place of someone who has left: their record and login keep placeholders
# (the login's address must stay unique), never shown as they are.
LEFT_NAME = "Person who left"
ERASED_EMAIL_DOMAIN = "invalid.example"


class UserManager(BaseUserManager):
    use_in_migrations = True

    def _create_user(self, email, password, **extra_fields):
        if not email:
            raise ValueError("An email address is needed to create an account.")
        user = self.model(email=self.normalize_email(email).lower(), **extra_fields)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_user(self, email, password=None, **extra_fields):
        extra_fields.setdefault("is_staff", False)
        extra_fields.setdefault("is_superuser", False)
        return self._create_user(email, password, **extra_fields)

    def create_superuser(self, email, password=None, **extra_fields):
        extra_fields["is_staff"] = True
        extra_fields["is_superuser"] = True
        return self._create_user(email, password, **extra_fields)


class User(AbstractBaseUser, PermissionsMixin):
    """An account. Email is the login; `is_staff` only opens Django's admin site."""

    email = models.EmailField("email address", unique=True)
    full_name = models.CharField("full name", max_length=200, blank=True)
    is_active = models.BooleanField(default=True)
    is_staff = models.BooleanField(
        "admin site access", default=False, help_text="Can open the Django admin site."
    )
    date_joined = models.DateTimeField(default=timezone.now)

    objects = UserManager()

    USERNAME_FIELD = "email"
    EMAIL_FIELD = "email"
    REQUIRED_FIELDS: list[str] = []

    class Meta:
        constraints = [
            models.UniqueConstraint(Lower("email"), name="user_email_unique_ignoring_case"),
        ]

    def __str__(self):
        return self.get_full_name()

    def save(self, *args, **kwargs):
        self.email = self.email.lower()
        super().save(*args, **kwargs)

    def get_full_name(self):
        if self.has_left:
            return LEFT_NAME
        return self.full_name or self.email

    def get_short_name(self):
        if self.has_left:
            return LEFT_NAME
        return self.full_name.split(" ")[0] if self.full_name else self.email

    @property
    def has_left(self) -> bool:
        """Whether this login was closed when its person left (its address is a placeholder)."""
        return not self.is_active and self.email.endswith(f"@{ERASED_EMAIL_DOMAIN}")


# --- Reference data (rows, not code: staff can add or rename them) ---------------------------


class Locality(models.Model):
    """An area the trust serves: Kent's 12 districts and Medway, as data."""

    name = models.CharField(max_length=100, unique=True)
    ons_code = models.CharField("ONS code", max_length=9, blank=True)
    usual_residents = models.PositiveIntegerField(null=True, blank=True)

    class Meta:
        ordering = ["name"]
        verbose_name_plural = "localities"

    def __str__(self):
        return self.name


class InterestKind(models.TextChoices):
    SERVICE_AREA = "service_area", "Service area"
    TOPIC = "topic", "Topic"


class Interest(models.Model):
    """A service area or topic a co-creator wants to help with."""

    name = models.CharField(max_length=100, unique=True)
    kind = models.CharField(max_length=20, choices=InterestKind.choices)

    class Meta:
        ordering = ["kind", "name"]

    def __str__(self):
        return self.name


# --- The co-creator ----------------------------------------------------------------------------


class Relationship(models.TextChoices):
    SERVICE_USER = "service_user", "Service user or patient"
    CARER = "carer", "Carer"
    FAMILY = "family", "Family member"
    STAFF = "staff", "Staff"
    COMMUNITY = "community", "Community member"
    PARTNER = "partner", "Partner representative"


class AccessNeed(models.TextChoices):
    LARGE_PRINT = "large_print", "Large print"
    EASY_READ = "easy_read", "Easy read"
    BSL = "bsl", "British Sign Language"
    INTERPRETER = "interpreter", "Interpreter"
    HEARING_LOOP = "hearing_loop", "Hearing loop"
    STEP_FREE = "step_free", "Step-free access"
    OTHER = "other", "Other"


class CoCreatorStatus(models.TextChoices):
    ENQUIRY = "enquiry", "Enquiry"
    ACTIVE = "active", "Active"
    PAUSED = "paused", "Paused"
    LEFT = "left", "Left"


class HeardFrom(models.TextChoices):
    STAFF = "staff", "Trust staff"
    FRIEND = "friend", "Friend or family"
    PARTNER = "partner", "A community or voluntary group"
    EVENT = "event", "An event"
    SOCIAL = "social", "Social media"
    WEBSITE = "website", "Our website"
    OTHER = "other", "Somewhere else"


class NewsletterChoice(models.TextChoices):
    YES = "yes", "Yes, send me the newsletter every 3 months"
    NO = "no", "No newsletter"


class DigestFrequency(models.TextChoices):
    NONE = "none", "No digest"
    WEEKLY = "weekly", "Weekly"
    MONTHLY = "monthly", "Monthly"


class CoCreatorQuerySet(models.QuerySet):
    def current(self):
        """Everyone who has not left."""
        return self.exclude(status=CoCreatorStatus.LEFT)

    def search(self, text: str):
        """Match a name, preferred name, email or phone (case-insensitive, part of a word)."""
        text = text.strip()
        if not text:
            return self
        return self.filter(
            models.Q(full_name__icontains=text)
            | models.Q(preferred_name__icontains=text)
            | models.Q(email__icontains=text)
            | models.Q(phone__icontains=text)
        )


class CoCreator(models.Model):
    """A person in the co-creation community. They may never have a login."""

    user = models.OneToOneField(
        User, null=True, blank=True, on_delete=models.SET_NULL, related_name="cocreator"
    )
    full_name = models.CharField("full name", max_length=200)
    preferred_name = models.CharField("preferred name", max_length=100, blank=True)
    pronouns = models.CharField(max_length=50, blank=True)
    date_of_birth = models.DateField("date of birth", null=True, blank=True)
    email = models.EmailField("email address", blank=True)
    phone = models.CharField("phone number", max_length=30, blank=True)
    address = models.TextField("postal address", blank=True)
    postcode = models.CharField(max_length=10, blank=True)
    locality = models.ForeignKey(
        Locality, null=True, blank=True, on_delete=models.PROTECT, related_name="cocreators"
    )
    interests = models.ManyToManyField(Interest, blank=True, related_name="cocreators")
    available_weekdays = models.BooleanField("weekdays", default=False)
    available_evenings = models.BooleanField("evenings", default=False)
    available_weekends = models.BooleanField("weekends", default=False)
    available_online = models.BooleanField("online", default=False)
    available_in_person = models.BooleanField("in person", default=False)
    interpreter_language = models.CharField(
        "language for an interpreter", max_length=100, blank=True
    )
    access_needs_other = models.CharField("other access needs", max_length=500, blank=True)
    prefers_email = models.BooleanField("email", default=False)
    prefers_sms = models.BooleanField("text message (SMS)", default=False)
    prefers_post = models.BooleanField("post", default=False)
    prefers_phone = models.BooleanField("phone call", default=False)
    morning_reminder = models.BooleanField(
        "a second reminder on the morning of a session",
        default=False,
        help_text="Everyone booked gets a reminder the day before; this adds one on the day.",
    )
    newsletter = models.CharField(
        max_length=10, choices=NewsletterChoice.choices, default=NewsletterChoice.NO
    )
    digest_frequency = models.CharField(
        "digest of new opportunities and updates",
        max_length=10,
        choices=DigestFrequency.choices,
        default=DigestFrequency.NONE,
    )
    last_digest_at = models.DateTimeField(null=True, blank=True, editable=False)
    email_unsubscribed_at = models.DateTimeField(
        null=True,
        blank=True,
        help_text="Set when the person used an unsubscribe link: no more email from us.",
    )
    heard_from = models.CharField(
        "how they heard about us", max_length=20, choices=HeardFrom.choices, blank=True
    )
    date_joined = models.DateField("date joined", default=timezone.localdate)
    status = models.CharField(
        max_length=10, choices=CoCreatorStatus.choices, default=CoCreatorStatus.ACTIVE
    )
    staff_note = models.TextField(
        "staff note",
        blank=True,
        help_text="Not shown on the person's pages, but included when they download their data.",
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = CoCreatorQuerySet.as_manager()

    class Meta:
        ordering = ["full_name", "pk"]
        indexes = [
            models.Index(fields=["status", "full_name"]),
            models.Index(fields=["date_joined"]),
            models.Index(Lower("email"), name="cocreator_email_lower_idx"),
        ]

    def __str__(self):
        return self.display_name

    def get_absolute_url(self):
        return reverse("community:cocreator-detail", args=[self.pk])

    @property
    def gets_newsletter(self) -> bool:
        return self.newsletter == NewsletterChoice.YES

    @property
    def display_name(self) -> str:
        return self.preferred_name or self.full_name


class CoCreatorRelationship(models.Model):
    """One way a co-creator relates to services; a person may have several."""

    cocreator = models.ForeignKey(CoCreator, on_delete=models.CASCADE, related_name="relationships")
    kind = models.CharField(max_length=20, choices=Relationship.choices)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["cocreator", "kind"], name="one_relationship_of_each_kind"
            )
        ]
        indexes = [models.Index(fields=["kind", "cocreator"])]

    def __str__(self):
        return self.get_kind_display()


class CoCreatorAccessNeed(models.Model):
    """One access or communication need; the interpreter language and "other" live on the person."""

    cocreator = models.ForeignKey(CoCreator, on_delete=models.CASCADE, related_name="access_needs")
    kind = models.CharField(max_length=20, choices=AccessNeed.choices)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["cocreator", "kind"], name="one_access_need_of_each_kind"
            )
        ]
        indexes = [models.Index(fields=["kind", "cocreator"])]

    def __str__(self):
        return self.get_kind_display()


# --- Equality monitoring: asked only with consent, every answer optional ------------------------

PREFER_NOT = ("prefer_not", "Prefer not to say")


class AgeBand(models.TextChoices):
    AGE_15_24 = "15_24", "15 to 24"
    AGE_25_34 = "25_34", "25 to 34"
    AGE_35_44 = "35_44", "35 to 44"
    AGE_45_54 = "45_54", "45 to 54"
    AGE_55_64 = "55_64", "55 to 64"
    AGE_65_74 = "65_74", "65 to 74"
    AGE_75_PLUS = "75_plus", "75 or over"
    PREFER_NOT_TO_SAY = PREFER_NOT


class Sex(models.TextChoices):
    FEMALE = "female", "Female"
    MALE = "male", "Male"
    PREFER_NOT_TO_SAY = PREFER_NOT


class YesNo(models.TextChoices):
    YES = "yes", "Yes"
    NO = "no", "No"
    PREFER_NOT_TO_SAY = PREFER_NOT


class SexualOrientation(models.TextChoices):
    STRAIGHT = "straight", "Straight or heterosexual"
    GAY_LESBIAN = "gay_lesbian", "Gay or lesbian"
    BISEXUAL = "bisexual", "Bisexual"
    OTHER = "other", "Another sexual orientation"
    PREFER_NOT_TO_SAY = PREFER_NOT


class Religion(models.TextChoices):
    NONE = "none", "No religion"
    CHRISTIAN = "christian", "Christian"
    BUDDHIST = "buddhist", "Buddhist"
    HINDU = "hindu", "Hindu"
    JEWISH = "jewish", "Jewish"
    MUSLIM = "muslim", "Muslim"
    SIKH = "sikh", "Sikh"
    OTHER = "other", "Another religion or belief"
    PREFER_NOT_TO_SAY = PREFER_NOT


class Disability(models.TextChoices):
    YES_A_LOT = "yes_a_lot", "Yes, my day-to-day activities are limited a lot"
    YES_A_LITTLE = "yes_a_little", "Yes, my day-to-day activities are limited a little"
    NO = "no", "No"
    PREFER_NOT_TO_SAY = PREFER_NOT


class MaritalStatus(models.TextChoices):
    NEVER = "never", "Never married and never in a civil partnership"
    MARRIED = "married", "Married"
    CIVIL_PARTNERSHIP = "civil_partnership", "In a civil partnership"
    SEPARATED = "separated", "Separated"
    DIVORCED = "divorced", "Divorced or civil partnership dissolved"
    WIDOWED = "widowed", "Widowed or surviving civil partner"
    PREFER_NOT_TO_SAY = PREFER_NOT


class FirstLanguage(models.TextChoices):
    ENGLISH = "english", "English"
    OTHER = "other", "Another language"
    PREFER_NOT_TO_SAY = PREFER_NOT


class EthnicGroup(models.Model):
    """A Census 2021 ethnic category with the NHS Data Dictionary code it is stored as.

    One extra row, "Prefer not to say", carries NHS code Z (Not stated).
    """

    label = models.CharField(max_length=200, unique=True)
    broad_group = models.CharField(max_length=20, blank=True)
    nhs_code = models.CharField("NHS ethnic category code", max_length=2)
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["position"]

    def __str__(self):
        return self.label


class Demographics(models.Model):
    """A co-creator's equality monitoring answers. Blank means not answered."""

    cocreator = models.OneToOneField(
        CoCreator, on_delete=models.CASCADE, related_name="demographics"
    )
    year_of_birth = models.PositiveSmallIntegerField("year of birth", null=True, blank=True)
    age_band = models.CharField("age", max_length=20, choices=AgeBand.choices, blank=True)
    sex = models.CharField(max_length=20, choices=Sex.choices, blank=True)
    gender_same_as_birth = models.CharField(
        "gender identity the same as sex registered at birth",
        max_length=20,
        choices=YesNo.choices,
        blank=True,
    )
    sexual_orientation = models.CharField(
        max_length=20, choices=SexualOrientation.choices, blank=True
    )
    ethnic_group = models.ForeignKey(EthnicGroup, null=True, blank=True, on_delete=models.PROTECT)
    religion = models.CharField(
        "religion or belief", max_length=20, choices=Religion.choices, blank=True
    )
    disability = models.CharField(max_length=20, choices=Disability.choices, blank=True)
    carer = models.CharField("carer", max_length=20, choices=YesNo.choices, blank=True)
    marital_status = models.CharField(
        "marriage or civil partnership", max_length=20, choices=MaritalStatus.choices, blank=True
    )
    pregnancy_maternity = models.CharField(
        "pregnant or had a baby in the last 26 weeks",
        max_length=20,
        choices=YesNo.choices,
        blank=True,
    )
    first_language = models.CharField(max_length=20, choices=FirstLanguage.choices, blank=True)
    first_language_other = models.CharField("first language", max_length=100, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name_plural = "demographics"
        permissions = [
            ("view_individual_equality_data", "Can see one person's equality monitoring answers"),
        ]

    def __str__(self):
        return f"Equality monitoring answers #{self.pk}"


class ConsentPurpose(models.TextChoices):
    EQUALITY_MONITORING = "equality_monitoring", "Equality monitoring questions"


class ConsentQuerySet(models.QuerySet):
    def active(self):
        return self.filter(withdrawn_at__isnull=True)


class Consent(models.Model):
    """One consent for one purpose, with the privacy notice version and wording it was given under."""

    cocreator = models.ForeignKey(CoCreator, on_delete=models.CASCADE, related_name="consents")
    purpose = models.CharField(max_length=40, choices=ConsentPurpose.choices)
    wording = models.TextField(help_text="Exactly what the person agreed to.")
    privacy_notice_version = models.CharField(max_length=20)
    given_at = models.DateTimeField(default=timezone.now)
    withdrawn_at = models.DateTimeField(null=True, blank=True)
    recorded_by = models.ForeignKey(
        User, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    objects = ConsentQuerySet.as_manager()

    class Meta:
        ordering = ["-given_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["cocreator", "purpose"],
                condition=models.Q(withdrawn_at__isnull=True),
                name="one_active_consent_per_purpose",
            )
        ]

    def __str__(self):
        state = "withdrawn" if self.withdrawn_at else "given"
        return f"{self.get_purpose_display()} ({state})"


# --- Partners and champions --------------------------------------------------------------------


class PartnerKind(models.TextChoices):
    VOLUNTARY = "voluntary", "Voluntary or community group"
    FAITH = "faith", "Faith group"
    UNIVERSITY = "university", "University"
    COUNCIL = "council", "Council"
    NHS = "nhs", "NHS organisation"
    OTHER = "other", "Other"


class PartnershipStatus(models.TextChoices):
    EXPLORING = "exploring", "Exploring"
    ACTIVE = "active", "Active"
    PAUSED = "paused", "Paused"
    ENDED = "ended", "Ended"


class PartnerOrganisation(models.Model):
    """A voluntary, community or faith group, or a system partner."""

    name = models.CharField(max_length=200, unique=True)
    kind = models.CharField(max_length=20, choices=PartnerKind.choices)
    communities_reached = models.TextField("communities they reach", blank=True)
    localities = models.ManyToManyField(Locality, blank=True, related_name="partners")
    status = models.CharField(
        "partnership status",
        max_length=20,
        choices=PartnershipStatus.choices,
        default=PartnershipStatus.ACTIVE,
    )
    website = models.URLField(blank=True)
    notes = models.TextField(blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["name"]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("community:partner-detail", args=[self.pk])


class PartnerContact(models.Model):
    organisation = models.ForeignKey(
        PartnerOrganisation, on_delete=models.CASCADE, related_name="contacts"
    )
    name = models.CharField(max_length=200)
    role = models.CharField(max_length=200, blank=True)
    email = models.EmailField(blank=True)
    phone = models.CharField(max_length=30, blank=True)

    class Meta:
        ordering = ["name"]

    def __str__(self):
        return f"{self.name} ({self.organisation})"


class Champion(models.Model):
    """A Community Co-creation Champion: a co-creator or partner contact who reaches a community."""

    cocreator = models.ForeignKey(
        CoCreator, null=True, blank=True, on_delete=models.CASCADE, related_name="champion_roles"
    )
    partner_contact = models.ForeignKey(
        PartnerContact,
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="champion_roles",
    )
    communities = models.TextField("communities they reach")
    localities = models.ManyToManyField(Locality, blank=True, related_name="champions")
    since = models.DateField(default=timezone.localdate)
    until = models.DateField(null=True, blank=True)

    class Meta:
        ordering = ["-since"]
        constraints = [
            models.CheckConstraint(
                condition=(
                    models.Q(cocreator__isnull=False, partner_contact__isnull=True)
                    | models.Q(cocreator__isnull=True, partner_contact__isnull=False)
                ),
                name="champion_is_one_person",
            )
        ]

    def __str__(self):
        return f"Champion: {self.cocreator or self.partner_contact}"


# --- Population benchmarks for the representation gap ------------------------------------------


class Characteristic(models.TextChoices):
    AGE = "age", "Age"
    SEX = "sex", "Sex"
    ETHNIC_GROUP = "ethnic_group", "Ethnic group"
    RELIGION = "religion", "Religion or belief"
    DISABILITY = "disability", "Disability"
    SEXUAL_ORIENTATION = "sexual_orientation", "Sexual orientation"
    GENDER_IDENTITY = "gender_identity", "Gender identity"


class PopulationBenchmark(models.Model):
    """The share of the population served in one group, with its source. Editable by staff."""

    characteristic = models.CharField(max_length=30, choices=Characteristic.choices)
    group = models.CharField(
        max_length=40, help_text="The answer this share is for, e.g. 'female'."
    )
    locality = models.ForeignKey(
        Locality,
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="benchmarks",
        help_text="Leave empty for the whole area served (Kent and Medway).",
    )
    percentage = models.DecimalField(max_digits=5, decimal_places=2)
    source = models.CharField(max_length=300)
    source_date = models.DateField()
    notes = models.TextField(blank=True)

    class Meta:
        ordering = ["characteristic", "group"]
        constraints = [
            models.UniqueConstraint(
                fields=["characteristic", "group", "locality"],
                name="one_benchmark_per_group_and_area",
            ),
            models.UniqueConstraint(
                fields=["characteristic", "group"],
                condition=models.Q(locality__isnull=True),
                name="one_area_wide_benchmark_per_group",
            ),
            models.CheckConstraint(
                condition=models.Q(percentage__gte=0, percentage__lte=100),
                name="benchmark_is_a_percentage",
            ),
        ]

    def __str__(self):
        return f"{self.get_characteristic_display()}: {self.group} {self.percentage}%"


class PriorityGroup(models.Model):
    """A group staff are trying to reach even though most of the population is in it.

    The representation gap flags a group under-represented only when it is a minority of the
    population or is marked here (community/gap.py).
    """

    characteristic = models.CharField(max_length=30, choices=Characteristic.choices)
    group = models.CharField(max_length=40, help_text="The answer marked, e.g. 'not_disabled'.")
    marked_by = models.ForeignKey(
        User, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    marked_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["characteristic", "group"]
        constraints = [
            models.UniqueConstraint(
                fields=["characteristic", "group"], name="one_priority_mark_per_group"
            ),
        ]

    def __str__(self):
        return f"Priority: {self.get_characteristic_display()}: {self.group}"


# --- Audit and messages ------------------------------------------------------------------------


class AuditAction(models.TextChoices):
    VIEW = "view", "Viewed"
    CREATE = "create", "Created"
    CHANGE = "change", "Changed"
    EXPORT = "export", "Exported"
    IMPORT = "import", "Imported"
    DOWNLOAD = "download", "Downloaded their own data"
    CONSENT = "consent", "Consent given"
    CONSENT_WITHDRAWN = "consent_withdrawn", "Consent withdrawn"
    ERASE = "erase", "Erased personal data"


class AuditEvent(models.Model):
    """Who did what to whose record, and when (UTC). Holds field names, never their values."""

    at = models.DateTimeField(default=timezone.now, db_index=True)
    actor = models.ForeignKey(
        User, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    action = models.CharField(max_length=30, choices=AuditAction.choices)
    # A plain number, not a foreign key, so the trail outlives the record it speaks of.
    cocreator_id = models.PositiveBigIntegerField(null=True, blank=True, db_index=True)
    fields = models.JSONField(default=list, blank=True, help_text="Names of the fields changed.")
    count = models.PositiveIntegerField(
        null=True, blank=True, help_text="Rows exported or imported."
    )

    class Meta:
        ordering = ["-at", "-pk"]

    def __str__(self):
        return f"{self.get_action_display()} at {self.at:%Y-%m-%d %H:%M}"


class MessageChannel(models.TextChoices):
    EMAIL = "email", "Email"
    SMS = "sms", "Text message"


class MessageStatus(models.TextChoices):
    PENDING = "pending", "Waiting to send"
    SENDING = "sending", "Sending"
    SENT = "sent", "Sent"
    SKIPPED = "skipped", "Not sent"
    FAILED = "failed", "Failed"


class Broadcast(models.Model):
    """One send to many people (a newsletter issue, a round of digests): its messages share it."""

    kind = models.CharField(max_length=50)
    title = models.CharField(max_length=300)
    template = models.CharField(max_length=200)
    context = models.JSONField(default=dict, blank=True)
    created_by = models.ForeignKey(
        User, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at", "-pk"]

    def __str__(self):
        return self.title


class Message(models.Model):
    """One message to one person, recorded under a unique key so it is sent once at most."""

    key = models.CharField(max_length=200, unique=True)
    cocreator = models.ForeignKey(
        CoCreator, null=True, on_delete=models.SET_NULL, related_name="messages"
    )
    # A message to an account that is not a co-creator (a partner, a service team's contact):
    # `cocreator` is empty and this names the account (`account_notify`).
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="account_messages",
    )
    kind = models.CharField(max_length=50)
    channel = models.CharField(
        max_length=10, choices=MessageChannel.choices, default=MessageChannel.EMAIL
    )
    broadcast = models.ForeignKey(
        Broadcast, null=True, blank=True, on_delete=models.PROTECT, related_name="messages"
    )
    recipient = models.CharField(
        max_length=254, blank=True, help_text="The address or number it went to."
    )
    subject = models.CharField(max_length=300, blank=True)
    # What to render, so any worker (a retry, the resume sweep) can send it from the row alone.
    # A broadcast's messages take the template and shared context from the broadcast; this
    # context holds only what is the person's own (merged over the broadcast's).
    template = models.CharField(max_length=200, blank=True)
    context = models.JSONField(default=dict, blank=True)
    status = models.CharField(
        max_length=10, choices=MessageStatus.choices, default=MessageStatus.PENDING
    )
    claimed_at = models.DateTimeField(
        null=True, blank=True, help_text="When a worker last started sending it."
    )
    # A worker's hold on the row (waiting in its batch, or being sent), renewed while it lives:
    # once `lease_until` has passed, the worker is gone and the row may be taken over.
    lease_owner = models.CharField(
        max_length=32, blank=True, help_text="The worker run that holds it now, if any."
    )
    lease_until = models.DateTimeField(
        null=True, blank=True, help_text="When that worker's hold runs out unless it renews it."
    )
    reason = models.CharField(
        max_length=300, blank=True, help_text="Why it was not sent, if it was not."
    )
    attempts = models.PositiveIntegerField(default=0)
    last_error = models.TextField(blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    sent_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        indexes = [
            models.Index(fields=["status", "created_at"]),
            models.Index(fields=["broadcast", "status"]),
        ]

    def __str__(self):
        if self.cocreator_id is None and self.user_id is not None:
            return f"{self.kind} to account #{self.user_id} ({self.status})"
        return f"{self.kind} to #{self.cocreator_id} ({self.status})"


class ContactMethod(models.TextChoices):
    PHONE = "phone", "Phone call"
    IN_PERSON = "in_person", "In person"
    VIDEO = "video", "Video call"
    EMAIL = "email", "Email"
    TEXT = "text", "Text message"
    LETTER = "letter", "Letter"
    OTHER = "other", "Other"


class ContactLogEntry(models.Model):
    """A dated note staff write of a call or conversation with a person. Staff only: never
    shown in the person's portal (it is in their data download and goes with erasure)."""

    cocreator = models.ForeignKey(CoCreator, on_delete=models.CASCADE, related_name="contact_log")
    contacted_on = models.DateField("date", default=timezone.localdate)
    method = models.CharField("how", max_length=20, choices=ContactMethod.choices)
    staff_member = models.ForeignKey(
        User, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    summary = models.TextField("what was said")
    follow_up_on = models.DateField("follow-up date", null=True, blank=True)
    follow_up_done_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-contacted_on", "-pk"]
        verbose_name_plural = "contact log entries"
        indexes = [models.Index(fields=["follow_up_on", "follow_up_done_at"])]

    def __str__(self):
        return f"{self.get_method_display()} on {self.contacted_on}: #{self.cocreator_id}"


class HandContactMethod(models.TextChoices):
    POST = "post", "Post"
    PHONE = "phone", "Phone call"


class ToContact(models.Model):
    """A message staff pass on by hand (a letter or a call) to someone who asked for post or a
    phone call, on the day it is due: the "to contact" list. The key, as a `Message`'s, makes it
    once per booking and kind."""

    key = models.CharField(max_length=200, unique=True)
    cocreator = models.ForeignKey(CoCreator, on_delete=models.CASCADE, related_name="to_contact")
    kind = models.CharField(max_length=50)
    method = models.CharField(max_length=10, choices=HandContactMethod.choices)
    due_on = models.DateField()
    what_to_say = models.TextField()
    done_at = models.DateTimeField(null=True, blank=True)
    done_by = models.ForeignKey(
        User, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    outcome = models.CharField(max_length=300, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["due_on", "pk"]
        indexes = [models.Index(fields=["due_on", "done_at"])]

    def __str__(self):
        return f"{self.kind} by {self.method} on {self.due_on}: #{self.cocreator_id}"


# Feature packages' models, so Django finds them in this app.
from .imports.models import CoCreatorImportJob, ImportStatus  # noqa: E402, F401
